import ArgumentParser
import Dispatch
import Foundation
import MynaKit

/// `myna record`: capture from an ALSA device into an audio file, for a duration or until Ctrl-C.
struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record from a sound device into an audio file.",
        discussion: """
        Captures from an ALSA device until --duration seconds were recorded or Ctrl-C (SIGINT, or SIGTERM) is \
        pressed; either way the file keeps everything recorded so far. The device runs at its nearest rate, channel \
        count and sample format; Myna converts to --rate and --channels (soxr resampling). The encoding follows the \
        output's extension (.wav is 16-bit PCM). The file appears only once recording ended cleanly. Overruns \
        (audio lost because the machine fell behind) are reported at the end.

        Examples:
          myna record --duration 5 hello.wav
          myna record --device plughw:1,0 --rate 48000 --channels 2 take1.flac
          myna record --json --duration 10 note.wav
        """)

    @OptionGroup var deviceOptions: AudioDeviceOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop after this many seconds (default: until Ctrl-C).", valueName: "seconds"))
    var duration: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Sample rate of the file, in Hz.", valueName: "hz"))
    var rate: Int = ALSACaptureDevice.defaultFormat.sampleRate

    @Option(parsing: .unconditional, help: ArgumentHelp("Channels of the file.", valueName: "count"))
    var channels: Int = ALSACaptureDevice.defaultFormat.channelCount

    @Flag(name: .customLong("json"), help: "Print a summary of the recording as JSON on stdout.")
    var json = false

    @Argument(help: ArgumentHelp("Output file: .wav, .flac, .ogg, .opus or .mp3.", valueName: "output"))
    var output: String

    /// What `--json` prints.
    struct Summary: Codable {
        var path: String
        var device: String
        var sampleRate: Int
        var channelCount: Int
        var frameCount: Int
        var seconds: Double
        var overrunCount: Int
        var droppedFrameCount: Int
    }

    func run() async throws {
        let format = try validatedFormat()
        let frameLimit = try validatedFrameLimit()
        // Catch Ctrl-C before the device opens, so an early one still ends the recording cleanly.
        let interrupt = InterruptWatcher(signals: [SIGINT, SIGTERM])
        defer { interrupt.cancel() }

        let recording = try DeviceRecording(device: deviceOptions.device, format: format, path: output)
        let device = recording.device
        interrupt.onInterrupt { recording.stop() }
        if !json {
            Self.note("""
                recording from \(device.deviceName) (device: \(device.deviceFormat), \(device.deviceSampleFormat)) \
                to \(output) (\(format))\(frameLimit == nil ? "; press Ctrl-C to stop" : "")
                """)
        }

        try await recording.record(frameLimit: frameLimit)
        try recording.finish()
        let frameCount = recording.frameCount

        let summary = Summary(path: output, device: device.deviceName, sampleRate: format.sampleRate,
                              channelCount: format.channelCount, frameCount: frameCount,
                              seconds: recording.seconds,
                              overrunCount: recording.overrunCount, droppedFrameCount: recording.droppedFrameCount)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print("recorded \(String(format: "%.2f", summary.seconds)) s (\(frameCount) frames, \(format)) to \(output)")
        }
        if summary.overrunCount > 0 {
            Self.note("""
                warning: \(summary.overrunCount) overrun\(summary.overrunCount == 1 ? "" : "s"): \
                the device lost audio because the machine fell behind
                """)
        }
    }

    private func validatedFormat() throws -> AudioFormat {
        guard (1...AudioFormat.maximumSampleRate).contains(rate) else {
            throw ConfigurationError(field: "--rate",
                                     message: "\(rate) Hz is outside 1…\(AudioFormat.maximumSampleRate) Hz; 16000 suits speech")
        }
        guard (1...AudioFormat.maximumChannelCount).contains(channels) else {
            throw ConfigurationError(field: "--channels",
                                     message: "\(channels) is outside 1…\(AudioFormat.maximumChannelCount); 1 suits speech")
        }
        return AudioFormat(sampleRate: rate, channelCount: channels)
    }

    /// Frames to record, or nil to record until interrupted.
    private func validatedFrameLimit() throws -> Int? {
        guard let duration else { return nil }
        guard duration.isFinite, duration > 0, duration <= 86_400 else {
            throw ConfigurationError(field: "--duration", message: "\(duration) s is not within 0 < seconds ≤ 86400")
        }
        return max(1, Int((duration * Double(rate)).rounded()))
    }

    static func note(_ line: String) {
        FileHandle.standardError.write(Data("myna: \(line)\n".utf8))
    }
}

extension Record {
    /// Turns SIGINT/SIGTERM into a callback instead of killing the process, for as long as it lives.
    ///
    /// The signals are ignored for the process and delivered through dispatch sources; a second interrupt restores
    /// the default action, so pressing Ctrl-C twice ends a recording that does not stop.
    final class InterruptWatcher: @unchecked Sendable {
        private let signals: [Int32]
        private let lock = NSLock()
        private var sources: [DispatchSourceSignal] = []
        private var handler: (@Sendable () -> Void)?
        private var interrupted = false

        init(signals: [Int32]) {
            self.signals = signals
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.fire() }
                source.resume()
                sources.append(source)
            }
        }

        /// Runs `handler` on the first interrupt (at once if one already arrived).
        func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
            lock.lock()
            self.handler = handler
            let alreadyInterrupted = interrupted
            lock.unlock()
            if alreadyInterrupted { handler() }
        }

        func cancel() {
            for source in sources { source.cancel() }
            for number in signals { signal(number, SIG_DFL) }
        }

        private func fire() {
            lock.lock()
            let first = !interrupted
            interrupted = true
            let handler = self.handler
            lock.unlock()
            if first {
                handler?()
            } else {
                for number in signals { signal(number, SIG_DFL) }
            }
        }
    }
}
