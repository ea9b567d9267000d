import Foundation
import MynaKit

extension Dictate {
    /// Where dictation audio comes from, with what the command needs to stop it and to report losses.
    struct DictationSource {
        /// A live source returns everything queued, up to this (30 s).
        static let liveReadFrames = 16_000 * 30
        /// A file fed as fast as possible goes in 512-sample (one VAD step) reads, so decodes happen as they would
        /// live and every run gives the same events.
        static let fastReadFrames = 512

        let audio: any AudioSource
        let readFrames: Int
        let describe: String
        let stop: @Sendable () -> Void
        private let readCounters: () -> (Int, Int)

        init(audio: any AudioSource, readFrames: Int, describe: String, stop: @escaping @Sendable () -> Void,
             counters: @escaping () -> (Int, Int)) {
            self.audio = audio
            self.readFrames = readFrames
            self.describe = describe
            self.stop = stop
            readCounters = counters
        }

        /// Device overruns and frames dropped from a full queue, so far.
        var counters: (overruns: Int, droppedFrames: Int) {
            let (overruns, dropped) = readCounters()
            return (overruns, dropped)
        }
    }

    /// Prints events: JSON lines, or the live line on a terminal, or final texts only when piped.
    final class EventPrinter {
        private let json: Bool
        private let line: LiveTextLine?

        init(json: Bool, terminal: Bool) {
            self.json = json
            line = !json && terminal ? LiveTextLine() : nil
        }

        func print(_ event: DictationEvent) {
            switch event {
            case .partial(let partial):
                if json {
                    emit(JSONLine.object([
                        ("type", .string("partial")), ("utterance", .int(partial.utterance)),
                        ("start", .seconds(partial.start)), ("end", .seconds(partial.end)),
                        ("committed", .string(partial.committed)), ("tentative", .string(partial.tentative)),
                        ("text", .string(partial.text)),
                    ]))
                } else {
                    line?.show(committed: partial.committed, tentative: partial.tentative)
                }
            case .final(let final):
                if json {
                    emit(JSONLine.object([
                        ("type", .string("final")), ("utterance", .int(final.utterance)),
                        ("start", .seconds(final.start)), ("end", .seconds(final.end)),
                        ("endpoint", .seconds(final.endpoint)), ("reason", .string(final.reason.rawValue)),
                        ("text", .string(final.text)),
                    ] + (final.words.map { [("words", .words($0))] } ?? [])))
                } else if let line {
                    line.finish(final.text)
                } else if !final.text.isEmpty {
                    emit(final.text)
                }
            }
        }

        func summary(_ s: DictationStatistics, overruns: Int, droppedFrames: Int) {
            guard json else { return }
            emit(JSONLine.object([
                ("type", .string("summary")), ("audio_seconds", .seconds(s.audioSeconds)),
                ("utterances", .int(s.utteranceCount)), ("silent_utterances", .int(s.silentUtteranceCount)),
                ("discarded", .int(s.discardedCount)), ("overruns", .int(overruns)),
                ("dropped_frames", .int(droppedFrames)),
                ("partial_decodes", .int(s.partialDecodes)), ("partial_seconds", .seconds(s.partialSeconds)),
                ("speculative_decodes", .int(s.speculativeDecodes)), ("speculative_seconds", .seconds(s.speculativeSeconds)),
                ("final_decodes", .int(s.finalDecodes)), ("final_seconds", .seconds(s.finalSeconds)),
                ("reused_finals", .int(s.reusedFinals)), ("forced_finals", .int(s.forcedFinals)),
                ("shed_partials", .int(s.shedPartials)),
                ("encoder_seconds", .seconds(s.encoderSeconds)),
                ("front_end_seconds", .seconds(s.frontEndSeconds)),
            ]))
        }

        /// One line, flushed at once, so a reader sees each event the moment it happens. Through C's stdout: a line
        /// that cannot be written fails the command when it ends (`StandardOutput.finish()`).
        private func emit(_ text: String) {
            Swift.print(text)
            StandardOutput.flush()
        }
    }
}

/// A one-line JSON object with keys in the order given (JSONEncoder would sort or shuffle them).
enum JSONLine {
    enum Value {
        case string(String)
        case int(Int)
        /// Seconds, printed with millisecond precision.
        case seconds(Double)
        /// A probability, printed with three decimals.
        case probability(Double)
        /// An array of `{"word", "start", "end", "probability"}` objects (transcribe's json words).
        case words([TranscriptWord])
    }

    static func object(_ fields: [(String, Value)]) -> String {
        "{" + fields.map { "\(quote($0.0)):\(render($0.1))" }.joined(separator: ",") + "}"
    }

    private static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): return quote(text)
        case .int(let number): return String(number)
        case .seconds(let value), .probability(let value): return String(format: "%.3f", value)
        case .words(let words):
            return "[" + words.map { word in
                object([("word", .string(word.word)), ("start", .seconds(word.start)), ("end", .seconds(word.end)),
                        ("probability", .probability(word.probability))])
            }.joined(separator: ",") + "]"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
