import ArgumentParser
import Foundation
import MynaKit

/// `myna play`: stream an audio file to an ALSA device.
struct Play: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play an audio file on a sound device.",
        discussion: """
        Reads the file block by block (WAV, FLAC, Ogg Vorbis/Opus, MP3, AIFF…) and streams it to an ALSA device, \
        which runs at its nearest rate and channel count; Myna converts (soxr resampling). Returns once the device \
        has played everything. Underruns (gaps because the machine fell behind) are reported at the end.

        Examples:
          myna play audio-samples/jfk.flac
          myna play --device plughw:0,0 speech.wav
        """)

    @Argument(help: ArgumentHelp("Audio file to play ('-' reads it from stdin).", valueName: "file"))
    var file: String

    @OptionGroup var deviceOptions: AudioDeviceOptions

    /// Frames read from the file and queued per write (about a quarter second at 16 kHz).
    static let blockFrames = 4096

    func run() async throws {
        let playback = try FilePlayback(path: StandardInput.resolve(file), device: deviceOptions.device)
        let device = playback.device
        Self.note("""
            playing \(file == StandardInput.dash ? StandardInput.displayName : file) (\(playback.reader.format), \(String(format: "%.2f", playback.seconds)) s) on \(device.deviceName) \
            (device: \(device.deviceFormat), \(device.deviceSampleFormat))
            """)
        try await playback.play(blockFrames: Self.blockFrames)
        if device.underrunCount > 0 {
            Self.note("""
                warning: \(device.underrunCount) underrun\(device.underrunCount == 1 ? "" : "s"): \
                playback had gaps because the machine fell behind
                """)
        }
    }

    private static func note(_ line: String) {
        FileHandle.standardError.write(Data("myna: \(line)\n".utf8))
    }
}
