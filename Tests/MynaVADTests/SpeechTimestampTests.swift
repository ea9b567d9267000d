import MynaTestSupport
import MynaVAD
import Testing

/// Speech timestamps against silero-vad 6.2.3's `get_speech_timestamps` on real clips: identical segments in samples.
@Suite("Silero VAD speech timestamps")
struct SpeechTimestampTests {
    static let optionSets = VADFixtures.timestamps.optionSets.keys.sorted()

    @Test("from the reference's probabilities: every clip, weight set and option set gives silero-vad's segments",
          arguments: optionSets)
    func fromReferenceProbabilities(optionSet: String) throws {
        let options = try #require(VADFixtures.timestamps.optionSets[optionSet]).options
        for clip in VADFixtures.timestamps.clips {
            for weights in TimestampGolden.weightSets {
                let probabilities = try VADFixtures.probabilities.tensor("\(clip.id)/\(weights)", "probabilities").values
                let segments = try SpeechTimestamps.segments(probabilities: probabilities, sampleCount: clip.samples, options: options)
                #expect(segments == (try clip.expected(weights, optionSet)), "\(clip.id) \(weights) \(optionSet)")
            }
        }
    }

    @Test("end to end from the audio: Myna's probabilities give silero-vad's segments for every option set",
          arguments: VADFixtures.timestamps.clips.map(\.id))
    func endToEnd(clip id: String) throws {
        let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == id })
        let samples = try VADFixtures.samples(clip)
        for weights in TimestampGolden.weightSets {
            let detector = VADFixtures.detector(weights: weights)
            #expect(try detector.speechSegments(samples, sampleRate: 16_000) == (try clip.expected(weights, "default")),
                    "\(id) \(weights) default")
            let probabilities = try detector.speechProbabilities(samples, sampleRate: 16_000)
            for optionSet in Self.optionSets {
                let options = try #require(VADFixtures.timestamps.optionSets[optionSet]).options
                let segments = try SpeechTimestamps.segments(probabilities: probabilities, sampleCount: samples.count, options: options)
                #expect(segments == (try clip.expected(weights, optionSet)), "\(id) \(weights) \(optionSet)")
            }
        }
    }

    @Test("the goldens exercise what they are meant to: speech found, long clips split at the maximum, pads merged")
    func goldensCoverTheBranches() throws {
        let clips = VADFixtures.timestamps.clips
        let long = try #require(clips.first { $0.id == "long-sonnets" })
        #expect(try long.expected("safetensors", "default").count >= 10, "a long reading has many pauses")
        // Splitting at 3 s must give more, shorter segments than the default.
        let split = try long.expected("safetensors", "max-speech-3s")
        #expect(split.count > (try long.expected("safetensors", "default")).count)
        #expect(split.allSatisfy { $0.sampleCount <= 3 * 16_000 })
        for id in ["silence", "noise"] {
            let clip = try #require(clips.first { $0.id == id })
            for weights in TimestampGolden.weightSets {
                for optionSet in Self.optionSets { #expect(try clip.expected(weights, optionSet).isEmpty, "\(id) \(optionSet)") }
            }
        }
    }

    @Test("audio without speech gives no segments, not an error")
    func silenceGivesNothing() throws {
        #expect(try VADFixtures.detector.speechSegments([Float](repeating: 0, count: 48_000), sampleRate: 16_000).isEmpty)
        #expect(try VADFixtures.detector.speechSegments(VADFixtures.uniformNoise(count: 80_000, amplitude: 0.02),
                                                        sampleRate: 16_000).isEmpty)
    }

    @Test("padding: a gap narrower than twice the pad is split in half between its two segments")
    func floorDivision() throws {
        // Two kept segments 20 samples apart with a 30 ms pad split the gap; a lone segment is clamped to the audio.
        let probabilities: [Float] = Array(repeating: 0.9, count: 20) + Array(repeating: 0.0, count: 5) + Array(repeating: 0.9, count: 20)
        var options = SpeechTimestampOptions.default
        options.minSilenceDurationMs = 0
        options.speechPadMs = 1000  // 2·pad exceeds every gap: all gaps are split in half
        let segments = try SpeechTimestamps.segments(probabilities: probabilities, sampleCount: 45 * 512, options: options)
        // Raw: 0 ..< 10240 (silence from step 20), 12800 ..< 23040; gap 2560 → each side takes 1280.
        #expect(segments == [SpeechSegment(startSample: 0, endSample: 11_520), SpeechSegment(startSample: 11_520, endSample: 23_040)])
    }
}
