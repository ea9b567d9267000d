import MynaCore
import MynaTestSupport
import MynaVAD
import Testing

/// The streaming segmenter against the offline function on the same audio, and the tracker against the offline
/// timestamps on the same probabilities.
@Suite("Silero VAD streaming")
struct StreamingSegmenterTests {
    /// What a capture loop would see: every event with the number of samples fed when it was announced.
    struct Announced { var event: SpeechEvent; var fed: Int }

    static func stream(_ samples: [Float], chunk: (Int) -> Int, options: SpeechTimestampOptions = .default,
                       segmenter: SileroSpeechSegmenter? = nil) throws -> [Announced] {
        let segmenter = try segmenter ?? SileroSpeechSegmenter(detector: VADFixtures.detector, options: options)
        var announced: [Announced] = []
        var offset = 0, index = 0
        try samples.withUnsafeBufferPointer { audio in
            while offset < audio.count {
                let count = min(chunk(index), audio.count - offset)
                let fedAfter = offset + count
                try segmenter.feed(UnsafeBufferPointer(rebasing: audio[offset..<fedAfter])) { announced.append(Announced(event: $0, fed: fedAfter)) }
                offset = fedAfter
                index += 1
            }
        }
        segmenter.finish { announced.append(Announced(event: $0, fed: samples.count)) }
        return announced
    }

    @Test("chunks of 1, 160, 512 and 4096 samples give the offline segments", arguments: ["jfk", "long-michael", "long-sonnets"])
    func chunkSizes(clip id: String) throws {
        let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == id })
        let samples = try VADFixtures.samples(clip)
        let offline = try VADFixtures.detector.speechSegments(samples, sampleRate: 16_000)
        #expect(offline == (try clip.expected("safetensors", "default")))
        for size in [1, 160, 512, 4096] {
            let announced = try Self.stream(samples, chunk: { _ in size })
            #expect(SpeechEvent.segments(announced.map(\.event)) == offline, "\(id), chunks of \(size)")
            Self.checkOrderAndLatency(announced, options: .default, chunk: size, "\(id), chunks of \(size)")
        }
    }

    @Test("irregular chunk sizes, other options, and reset() for a second stream", arguments: ["long-interview", "mfa-acoustic-corpus"])
    func irregularChunks(clip id: String) throws {
        let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == id })
        let samples = try VADFixtures.samples(clip)
        var generator = SplitMix(seed: 7)
        let sizes = (0..<4096).map { _ in Int(generator.next() % 3000) + 1 }
        for optionSet in ["default", "short-speech-50-silence-20-pad-60", "max-speech-2.5s-last-silence"] {
            let options = try #require(VADFixtures.timestamps.optionSets[optionSet]).options
            let segmenter = try SileroSpeechSegmenter(detector: VADFixtures.detector, options: options)
            for pass in 0..<2 {
                let announced = try Self.stream(samples, chunk: { sizes[$0 % sizes.count] }, segmenter: segmenter)
                #expect(SpeechEvent.segments(announced.map(\.event)) == (try clip.expected("safetensors", optionSet)),
                        "\(id) \(optionSet) pass \(pass)")
                segmenter.reset()
            }
        }
    }

    @Test("the tracker on the reference's probabilities equals the offline timestamps, all clips and option sets")
    func trackerOnGoldenProbabilities() throws {
        for clip in VADFixtures.timestamps.clips {
            let probabilities = try VADFixtures.probabilities.tensor("\(clip.id)/jit", "probabilities").values
            for (name, python) in VADFixtures.timestamps.optionSets {
                var tracker = try SpeechSegmentTracker(options: python.options)
                var events: [SpeechEvent] = []
                for p in probabilities { tracker.push(p) { events.append($0) } }
                tracker.finish(sampleCount: clip.samples) { events.append($0) }
                #expect(SpeechEvent.segments(events) == (try clip.expected("jit", name)), "\(clip.id) \(name)")
            }
        }
    }

    @Test("the tracker equals the offline timestamps on 3000 random probability sequences and option sets")
    func trackerOnRandomSequences() throws {
        var generator = SplitMix(seed: 2024)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        for trial in 0..<3000 {
            var options = SpeechTimestampOptions.default
            options.threshold = 0.2 + 0.6 * uniform()
            if trial % 3 == 0 { options.negativeThreshold = options.threshold * uniform() }
            options.minSpeechDurationMs = [0, 20, 100, 250][trial % 4]
            options.minSilenceDurationMs = [0, 10, 32, 100, 300][trial % 5]
            options.speechPadMs = [0, 10, 30, 64, 200][(trial / 5) % 5]
            options.minSilenceAtMaxSpeechMs = [0, 30, 98][trial % 3]
            options.useLongestSilenceAtMaxSpeech = trial % 2 == 0
            let minimum = (512 + 2 * 16 * Double(options.speechPadMs)) / 16_000
            options.maxSpeechDurationSeconds = trial % 4 == 1 ? .infinity : minimum + 0.01 + 2 * uniform()
            // Runs of speech and silence of random lengths, with values near both thresholds.
            var probabilities: [Float] = []
            let length = 20 + Int(generator.next() % 400)
            while probabilities.count < length {
                let value = Float(uniform())
                probabilities += Array(repeating: value, count: 1 + Int(generator.next() % 12))
            }
            let sampleCount = probabilities.count * 512 - Int(generator.next() % 512)
            let offline = try SpeechTimestamps.segments(probabilities: probabilities, sampleCount: sampleCount, options: options)
            var tracker = try SpeechSegmentTracker(options: options)
            var events: [SpeechEvent] = []
            for p in probabilities { tracker.push(p) { events.append($0) } }
            tracker.finish(sampleCount: sampleCount) { events.append($0) }
            let streamed = SpeechEvent.segments(events)
            #expect(streamed == offline, "trial \(trial), options \(options)")
            #expect(events.count == 2 * offline.count, "trial \(trial): events must alternate start, end")
            if streamed != offline { break }
        }
    }

    @Test("a start or an end is announced while the stream goes on, soon after it happens")
    func announcedEarly() throws {
        let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == "long-sonnets" })
        let samples = try VADFixtures.samples(clip)
        let announced = try Self.stream(samples, chunk: { _ in 4096 })
        let beforeTheEnd = announced.filter { $0.fed < samples.count }
        #expect(beforeTheEnd.count >= announced.count - 1, "all but the last end come out while audio still arrives")
    }

    /// Events alternate start, end; each is announced no earlier than it can be final and not much later.
    static func checkOrderAndLatency(_ announced: [Announced], options: SpeechTimestampOptions, chunk: Int,
                                     _ context: String) {
        let pad = 16 * options.speechPadMs, minSpeech = 16 * options.minSpeechDurationMs
        let minSilence = 16 * options.minSilenceDurationMs
        for (index, item) in announced.enumerated() {
            switch item.event {
            case .started(let sample):
                #expect(index % 2 == 0, "\(context): a start must follow an end")
                // Kept once longer than the minimum speech (plus a silence that may still end it), within a step.
                #expect(item.fed - sample <= pad + minSpeech + minSilence + 3 * 512 + chunk, "\(context): start at \(sample) announced at \(item.fed)")
            case .ended(let sample):
                #expect(index % 2 == 1, "\(context): an end must follow a start")
                if item.fed < announced.last!.fed {
                    #expect(item.fed - sample <= minSilence + 2 * 512 + chunk, "\(context): end at \(sample) announced at \(item.fed)")
                }
            }
        }
    }
}

/// A small deterministic generator for test inputs (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
