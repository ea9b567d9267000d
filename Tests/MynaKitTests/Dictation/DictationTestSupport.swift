import Foundation
import MynaCore
import MynaKit
import MynaRecognition
import MynaTestSupport

/// Shared pieces of the dictation tests: the real tiny.en transcriber (loaded once), running a session over samples
/// in VAD-step chunks (as `myna dictate --input --fast` does), and a plain word error rate.
enum DictationTestSupport {
    static let transcriber: Result<WhisperTranscriber, any Error> = Result {
        try WhisperTranscriber(model: WhisperModel(directory: Fixtures.models.appendingPathComponent("whisper-tiny.en")))
    }

    /// Every event of a whole session over `samples`, fed `chunk` samples at a time.
    static func run(_ session: DictationSession, samples: [Float], chunk: Int = 512) throws -> [DictationEvent] {
        var events: [DictationEvent] = []
        var start = 0
        while start < samples.count {
            try session.append(Array(samples[start..<min(start + chunk, samples.count)]))
            events += try session.update()
            start += chunk
        }
        return events + (try session.finish())
    }

    static func finals(_ events: [DictationEvent]) -> [DictationFinal] {
        events.compactMap { if case .final(let final) = $0 { return final } else { return nil } }
    }

    static func partials(_ events: [DictationEvent]) -> [DictationPartial] {
        events.compactMap { if case .partial(let partial) = $0 { return partial } else { return nil } }
    }

    /// Lower case, letters, digits and apostrophes only (enough to compare two Whisper outputs of the same audio).
    static func words(_ text: String) -> [String] {
        let kept: [Character] = text.lowercased().map { character in
            character.isLetter || character.isNumber || character == "'" ? character : " "
        }
        return String(kept).split(separator: " ").map(String.init)
    }

    /// Word error rate of `hypothesis` against `reference`, both as text.
    static func wordErrorRate(_ reference: String, _ hypothesis: String) -> Double {
        let r = words(reference), h = words(hypothesis)
        var previous = Array(0...h.count)
        for (i, word) in r.enumerated() {
            var current = [i + 1]
            for (j, other) in h.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == other ? 0 : 1)))
            }
            previous = current
        }
        return Double(previous[h.count]) / Double(max(r.count, 1))
    }
}
