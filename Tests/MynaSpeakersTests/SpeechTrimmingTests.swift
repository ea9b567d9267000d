import Foundation
import MynaCore
import MynaKit
import MynaSpeakers
import MynaTestSupport
import Testing

/// Trimming non-speech with Silero VAD before embedding (the default path of the speaker commands).
@Suite struct SpeechTrimmingTests {
    static let detectorPath = Fixtures.models.appendingPathComponent("silero-vad-v6/silero_vad_16k.safetensors").path

    static func trimmingEncoder() throws -> GE2ESpeakerEncoder {
        try GE2ESpeakerEncoder(network: SpeakerTestModels.network.get(),
                               voiceDetector: SileroSpeechRegions(contentsOf: detectorPath))
    }

    /// Seconds of quiet room noise around a real utterance are dropped: the embedding stays that of the speech.
    @Test func silenceAroundSpeechIsTrimmed() throws {
        let encoder = try Self.trimmingEncoder()
        let speech = try SpeakerTestModels.samples("speaker/dev/spk-rz-2609-156975-0006.flac")
        var generator = SeededGenerator(seed: 7)
        let noise = { (count: Int) in (0..<count).map { _ in Float.random(in: -1...1, using: &generator) * 3e-4 } }
        let padded = noise(48_000) + speech + noise(64_000)
        let trimmed = try encoder.embedUtterance(padded)
        #expect(trimmed.trimmed && trimmed.inputSeconds > 17)
        // Silero keeps the speech (minus its own pauses) and drops the 7 s of noise.
        #expect(trimmed.speechSeconds < Double(speech.count) / 16_000 + 0.5 && trimmed.speechSeconds > 7)
        let untrimmed = try SpeakerTestModels.encoder().embedUtterance(speech)
        let similarity = trimmed.embedding.cosineSimilarity(untrimmed.embedding)
        #expect(similarity > 0.97, "cosine \(similarity) with the untrimmed embedding of the speech alone")
        // Without trimming the noise pulls the embedding away further.
        let noisy = try SpeakerTestModels.encoder().embedUtterance(padded)
        #expect(noisy.embedding.cosineSimilarity(untrimmed.embedding) < similarity)
    }

    /// Noise the detector hears no speech in is refused as silence, and a short word as too little speech.
    @Test func noSpeechIsRefused() throws {
        let encoder = try Self.trimmingEncoder()
        var generator = SeededGenerator(seed: 3)
        let hum = (0..<48_000).map { i in Float(0.02 * sin(Double(i) * 2 * .pi * 50 / 16_000)) + Float.random(in: -1...1, using: &generator) * 0.01 }
        #expect { try encoder.embedUtterance(hum) } throws: { error in
            guard let error = error as? SpeakerInputError else { return false }
            return error.code == .silence && error.message.contains("no speech found")
        }
        let word = try SpeakerTestModels.samples("speaker/dev/spk-fsdd-3_lucas_3.flac")
        #expect { try encoder.embedUtterance(word) } throws: { error in
            guard let error = error as? SpeakerInputError else { return false }
            return error.code == .tooLittleSpeech && error.message.contains("after trimming")
        }
    }
}
