import MynaKit
import MynaTestSupport
import Testing

/// The streaming segmenter against silero-vad's own segmentation of the same probabilities, and its events.
@Suite struct UtteranceSegmenterTests {
    static func options(_ setting: String) -> UtteranceSegmenterOptions {
        var options = UtteranceSegmenterOptions.default
        options.speechPad = 0
        options.endPad = 0
        switch setting {
        case "dictation": options.minSilenceDuration = 0.5
        case "silero_default": options.minSilenceDuration = 0.1
        case "strict":
            options.onsetThreshold = 0.7
            options.offsetThreshold = 0.4
            options.minSpeechDuration = 0.5
            options.minSilenceDuration = 0.3
        case "max8":
            options.minSilenceDuration = 0.5
            options.maxUtteranceDuration = 8
        default: preconditionFailure(setting)
        }
        return options
    }

    /// Every event of a whole run, and the utterances it reported.
    static func run(_ probabilities: [Float], options: UtteranceSegmenterOptions,
                    sampleCount: Int) -> (events: [UtteranceSegmenterEvent], segments: [(Int, Int)]) {
        var segmenter = UtteranceSegmenter(options: options, sampleRate: 16_000, stepSampleCount: 512)
        var events: [UtteranceSegmenterEvent] = []
        for probability in probabilities { events += segmenter.process(probability) }
        events += segmenter.finish(sampleCount: sampleCount)
        let segments = events.compactMap { event -> (Int, Int)? in
            if case .offset(let start, let end, _) = event { return (start, end) }
            return nil
        }
        return (events, segments)
    }

    @Test("utterances equal silero-vad's get_speech_timestamps on real Silero probabilities",
          arguments: ["sonnets", "michael"], ["dictation", "silero_default", "strict", "max8"])
    func equalsSileroSegmentation(recording: String, setting: String) throws {
        let probabilities = try DictationGoldens.probabilities(recording)
        let sampleCount = DictationGoldens.sampleCount(recording)
        let expected = DictationGoldens.segments(recording, setting)
        #expect(expected.count >= 5, "the golden has real segmentation work in it")
        var actual = Self.run(probabilities, options: Self.options(setting), sampleCount: sampleCount).segments
        // At the end of the input silero-vad extends speech to the end of the audio; the segmenter stops it where
        // its pause began (documented). Compare the start only when that is the case.
        if let last = expected.last, last.1 == sampleCount, let mine = actual.last, mine.0 == last.0 {
            actual[actual.count - 1].1 = sampleCount
        }
        if setting != "max8" {
            #expect(actual.map(\.0) == expected.map(\.0), "starts, \(recording) \(setting)")
            #expect(actual.map(\.1) == expected.map(\.1), "ends, \(recording) \(setting)")
            return
        }
        // At the maximum length, silero-vad cuts at the longest earlier pause even while a pause is in progress (and
        // restarts that pause); the segmenter ends the utterance where the current pause began (documented). So
        // each segment equals silero-vad's, or is the union of one of its cuts: silero-vad's piece, a cut shorter
        // than the minimum silence, and a second piece that the segmenter's end falls inside.
        var i = 0, j = 0
        while i < actual.count && j < expected.count {
            if actual[i] == expected[j] {
                i += 1; j += 1
                continue
            }
            try #require(j + 1 < expected.count, "segment \(actual[i]) vs silero-vad's \(expected[j])")
            let (first, second) = (expected[j], expected[j + 1])
            #expect(actual[i].0 == first.0 && second.0 - first.1 < 8_000 && actual[i].1 > second.0 && actual[i].1 <= second.1,
                    "\(actual[i]) is not silero-vad's cut \(first) + \(second)")
            i += 1; j += 2
        }
        #expect(i == actual.count && j == expected.count)
    }

    @Test("every offset follows its onset, a pause comes first, and speech that resumes cancels it")
    func eventOrder() throws {
        let probabilities = try DictationGoldens.probabilities("michael")
        let events = Self.run(probabilities, options: Self.options("dictation"),
                              sampleCount: DictationGoldens.sampleCount("michael")).events
        var open: Int?
        var pausing = false
        for event in events {
            switch event {
            case .onset(let start):
                #expect(open == nil)
                open = start
            case .pause(let end):
                #expect(open != nil && !pausing)
                #expect(end > open!)
                pausing = true
            case .resume:
                #expect(pausing)
                pausing = false
            case .offset(let start, _, _), .discard(let start, _):
                #expect(open == start)
                if case .offset(_, _, .silence) = event { #expect(pausing, "a silence offset ends a pause") }
                open = nil
                pausing = false
            }
        }
        #expect(open == nil)
    }

    @Test("the offset comes exactly min-silence after the pause began, and an onset only at the threshold")
    func timing() {
        // 10 silent steps, 20 speech steps, then silence.
        let probabilities = [Float](repeating: 0.1, count: 10) + [Float](repeating: 0.9, count: 20)
            + [Float](repeating: 0.05, count: 40)
        var options = UtteranceSegmenterOptions.default
        options.minSilenceDuration = 0.512          // 16 steps
        var segmenter = UtteranceSegmenter(options: options, sampleRate: 16_000, stepSampleCount: 512)
        var decided: [(Int, UtteranceSegmenterEvent)] = []
        for (index, probability) in probabilities.enumerated() {
            for event in segmenter.process(probability) { decided.append((index, event)) }
        }
        #expect(decided.map(\.1) == [.onset(start: 10 * 512), .pause(end: 30 * 512),
                                     .offset(start: 10 * 512, end: 30 * 512, reason: .silence)])
        #expect(decided.map(\.0) == [10, 30, 46], "onset at its step; offset once 16 steps of silence were heard")
    }

    @Test("an utterance without a pause is cut at its least probable step and goes on as a new one")
    func cutWithoutPause() {
        var probabilities = [Float](repeating: 0.9, count: 200)
        probabilities[150] = 0.45                   // between the thresholds: not a pause, but the weakest point
        var options = UtteranceSegmenterOptions.default
        options.maxUtteranceDuration = 5             // 250 steps minus slack
        options.speechPad = 0
        options.endPad = 0
        let events = Self.run(probabilities + [Float](repeating: 0.9, count: 100), options: options,
                              sampleCount: 300 * 512).events
        #expect(events.prefix(3) == [.onset(start: 0), .offset(start: 0, end: 150 * 512, reason: .maxDuration),
                                     .onset(start: 150 * 512)])
    }

    @Test("speech shorter than the minimum is discarded")
    func shortSpeech() {
        let probabilities = [Float](repeating: 0, count: 5) + [0.9, 0.9, 0.9] + [Float](repeating: 0, count: 30)
        let events = Self.run(probabilities, options: .default, sampleCount: 38 * 512).events
        #expect(events == [.onset(start: 5 * 512), .pause(end: 8 * 512), .discard(start: 5 * 512, end: 8 * 512)])
    }
}
