import ArgumentParser
import Foundation
import MynaKit

/// `myna info`: container, codec, format, duration and levels of audio files, streamed in blocks so any length fits in
/// constant memory.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show container, codec, channels, sample rate, duration, and peak and RMS level of audio files.",
        discussion: """
        Reads WAV, FLAC, Ogg Vorbis, Ogg Opus, MP3, AIFF and the other formats libsndfile decodes. Every file \
        is decoded from start to end in blocks, so the levels cover all of it and a file cut short is reported \
        (the frame count and duration are those of the frames actually decoded). Levels are in dBFS over all \
        channels: a full-scale sine peaks at 0 dBFS with an RMS of -3.0 dBFS; silence shows as -inf (null in \
        JSON). A valid file with no audio shows 0 frames and a duration of 0 s; commands that need audio refuse it.

        When some files cannot be read, the others are still shown, each bad file gets one error line on \
        stderr, and the exit status is non-zero.

        JSON keys: path, container, codec, channels, sampleRate, frames, durationSeconds, peakDBFS, rmsDBFS.

        Examples:
          myna info audio-samples/jfk.flac
          myna info --json audio-samples/*.flac
        """)

    @Argument(help: ArgumentHelp("Audio files to describe ('-' reads one from stdin).", valueName: "file"))
    var files: [String]

    @Flag(name: .customLong("json"), help: "Print a JSON array, one object per readable file, on stdout.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one audio file.") }
    }

    func run() throws {
        var summaries = [AudioFileSummary]()
        var firstError: Error?
        for path in try StandardInput.resolve(files) {
            do {
                let reader = try SoundFileReader(path: path)
                let levels = try reader.measureLevels()
                summaries.append(AudioFileSummary(path: StandardInput.displayName(for: path), info: reader.info, levels: levels))
            } catch {
                firstError = firstError ?? error
                ErrorReport.write(error, file: path, json: reportsErrorsAsJSON)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summaries), as: UTF8.self))
        } else if !summaries.isEmpty {
            print(AudioFileSummary.table(summaries), terminator: "")
        }
        if let firstError { throw ExitCode(MynaErrorLine.exitCode(for: firstError)) }
    }
}
