import MynaTestSupport
import MynaVAD
import Testing

/// Speech probabilities against silero-vad 6.2.3 on real clips, both weight sets (scripts/goldens/silero_vad_goldens.py).
@Suite("Silero VAD probabilities")
struct SileroProbabilityTests {
    /// The issue asks for 1e-3; float32 arithmetic in another order gives a few 1e-7, so a tighter bound catches
    /// any real mistake (a wrong pad, gate order or context) long before it could move a segment.
    static let tolerance: Float = 1e-4

    @Test("safetensors weights equal silero-vad's graph with those weights, every clip", arguments: VADFixtures.timestamps.clips.map(\.id))
    func safetensors(clip: String) throws {
        try check(clip: clip, weights: "safetensors")
    }

    @Test("silero_vad_16k_op15.onnx equals load_silero_vad() (TorchScript), every clip", arguments: VADFixtures.timestamps.clips.map(\.id))
    func onnx(clip: String) throws {
        try check(clip: clip, weights: "jit")
    }

    private func check(clip id: String, weights: String) throws {
        let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == id })
        let samples = try VADFixtures.samples(clip)
        let expected = try VADFixtures.probabilities.tensor("\(id)/\(weights)", "probabilities").values
        let actual = try VADFixtures.detector(weights: weights).speechProbabilities(samples, sampleRate: 16_000)
        #expect(actual.count == (samples.count + 511) / 512)
        assertClose(actual, expected, atol: Self.tolerance, "\(id) \(weights)")
        if let (error, index) = maxAbsoluteError(actual, expected) {
            print("silero-vad probabilities \(id) \(weights): \(actual.count) steps, max |Myna − reference| \(error) at step \(index)")
        }
    }

    /// The whole-clip path runs the stateless layers as sgemm over blocks of steps and the session row-dot products
    /// per step: the same arithmetic summed in another order, so equal within 2·10⁻⁶ (measured below 10⁻⁶), three
    /// orders of magnitude inside the tolerance against silero-vad.
    private static let sessionTolerance: Float = 2e-6

    private func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    @Test("a session fed step by step equals the whole-clip probabilities, and reset() starts over")
    func sessionSteps() throws {
        let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == "jfk" })
        let samples = try VADFixtures.samples(clip)
        let offline = try VADFixtures.detector.speechProbabilities(samples, sampleRate: 16_000)
        let session = VADFixtures.detector.makeSession()
        var previous: [Float] = []
        for pass in 0..<2 {
            var online: [Float] = []
            for start in stride(from: 0, to: samples.count, by: 512) {
                online.append(try session.probability(of: Array(samples[start..<min(start + 512, samples.count)])))
            }
            #expect(online.count == offline.count && maxDifference(online, offline) <= Self.sessionTolerance,
                    "pass \(pass): a session must compute the offline probabilities (difference \(maxDifference(online, offline)))")
            #expect(pass == 0 || online == previous, "pass \(pass): after reset() the session repeats itself exactly")
            previous = online
            #expect(session.stepCount == offline.count)
            session.reset()
        }
    }

    @Test("the two sessions of one detector do not share state")
    func independentSessions() throws {
        let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == "lj001-0001" })
        let samples = try VADFixtures.samples(clip)
        let a = VADFixtures.detector.makeSession(), b = VADFixtures.detector.makeSession()
        var first: [Float] = [], second: [Float] = []
        for start in stride(from: 0, to: samples.count - 512, by: 512) {
            let step = Array(samples[start..<(start + 512)])
            first.append(try a.probability(of: step))
            _ = try b.probability(of: [Float](repeating: 0, count: 512))
            second.append(try b.probability(of: step))
        }
        #expect(first != second, "b saw other audio before each step, so its state must differ")
        let offline = Array(try VADFixtures.detector.speechProbabilities(samples, sampleRate: 16_000).prefix(first.count))
        #expect(maxDifference(first, offline) <= Self.sessionTolerance)
    }

    @Test("digital silence and noise: no step reaches the speech threshold, as in the reference")
    func noSpeech() throws {
        for id in ["silence", "noise"] {
            let clip = try #require(VADFixtures.timestamps.clips.first { $0.id == id })
            let reference = try VADFixtures.probabilities.tensor("\(id)/safetensors", "probabilities").values
            let actual = try VADFixtures.detector.speechProbabilities(try VADFixtures.samples(clip), sampleRate: 16_000)
            #expect(reference.max()! < 0.5 && actual.max()! < 0.5, "\(id): reference peak \(reference.max()!), Myna \(actual.max()!)")
        }
    }
}
