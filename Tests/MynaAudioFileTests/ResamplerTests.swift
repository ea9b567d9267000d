import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

/// `Resampler` (libsoxr, SOXR_HQ) against the analytic sine, against python-soxr on real speech
/// (scripts/goldens/audio_goldens.py → Golden/resample*.json/.f32), and against itself in streaming use.
@Suite struct ResamplerTests {
    /// round(frames · out / in) with halves rounded up, in integers.
    static func expectedLength(_ frames: Int, _ inputRate: Int, _ outputRate: Int) -> Int {
        (2 * frames * outputRate + inputRate) / (2 * inputRate)
    }

    static func sine(frequency: Double, amplitude: Double, sampleRate: Int, frames: Int) -> [Float] {
        (0..<frames).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate))) }
    }

    /// Output frames ignored at each end, where the filter's edge transients are (the test signals start and stop
    /// abruptly). For the 1 kHz sine from 44.1 to 16 kHz, the error exceeds −80 dB in the first 40 and last 39 frames.
    static let edgeFrames = 64

    @Test func sineAt44100To16000IsWithinMinus80dBOfTheAnalyticSine() throws {
        let amplitude = 0.5
        let input = Self.sine(frequency: 1000, amplitude: amplitude, sampleRate: 44_100, frames: 44_100)
        let output = try Resampler.resample(AudioBuffer(mono: input, sampleRate: 44_100), to: 16_000)
        #expect(output.format == AudioFormat(sampleRate: 16_000, channelCount: 1))
        #expect(output.frameCount == 16_000)
        let expected = Self.sine(frequency: 1000, amplitude: amplitude, sampleRate: 16_000, frames: 16_000)
        var worst = 0.0
        for index in Self.edgeFrames..<(16_000 - Self.edgeFrames) {
            worst = max(worst, abs(Double(output.samples[index]) - Double(expected[index])))
        }
        let worstDB = 20 * log10(worst / amplitude)
        // Measured −101.7 dB.
        #expect(worstDB < -80, "worst error \(worstDB) dB relative to the amplitude")
        // The transients stay inside the ignored ends: only the first 40 and last 39 frames reach −80 dB.
        let threshold = amplitude * pow(10, -80 / 20)
        let loud = output.samples.indices.filter { abs(Double(output.samples[$0]) - Double(expected[$0])) > threshold }
        #expect(loud.allSatisfy { $0 < Self.edgeFrames || $0 >= 16_000 - Self.edgeFrames })
    }

    @Test(arguments: [(16_000, 48_000), (44_100, 16_000), (48_000, 44_100), (22_050, 16_000), (8_000, 22_050)])
    func streamingInUnevenBlocksEqualsOneShot(inputRate: Int, outputRate: Int) throws {
        let speech = try TestAudio.speech().samples
        let oneShot = try Resampler.resample(AudioBuffer(mono: speech, sampleRate: inputRate), to: outputRate).samples
        let resampler = try Resampler(inputRate: inputRate, outputRate: outputRate, channelCount: 1)
        var streamed = [Float]()
        var start = 0
        var sizes = [1, 7, 160, 4096, 333, 10_000, 2]
        while start < speech.count {
            let size = sizes.removeFirst()
            sizes.append(size)
            let end = min(start + size, speech.count)
            streamed += try resampler.process(Array(speech[start..<end]))
            start = end
        }
        streamed += try resampler.flush()
        #expect(streamed.count == Self.expectedLength(speech.count, inputRate, outputRate))
        // soxr's output does not depend on how the input is split: measured bit-identical.
        assertClose(streamed, oneShot, atol: 1e-6)
    }

    @Test func totalLengthIsTheRoundedRatioForAnyLength() throws {
        for (inputRate, outputRate) in [(44_100, 16_000), (16_000, 22_050), (48_000, 16_000), (16_000, 48_000), (11_025, 8_000)] {
            for frames in [1, 2, 3, 10, 11, 99, 100, 1000, 1001, 4567] {
                let buffer = AudioBuffer(mono: Self.sine(frequency: 300, amplitude: 0.3, sampleRate: inputRate, frames: frames),
                                         sampleRate: inputRate)
                let output = try Resampler.resample(buffer, to: outputRate)
                #expect(output.frameCount == Self.expectedLength(frames, inputRate, outputRate),
                        "\(frames) frames \(inputRate) → \(outputRate)")
            }
        }
    }

    @Test func flushStartsAFreshStream() throws {
        let speech = Array(try TestAudio.speech().samples.prefix(20_000))
        let resampler = try Resampler(inputRate: 16_000, outputRate: 22_050, channelCount: 1)
        let first = try resampler.process(speech) + (try resampler.flush())
        let second = try resampler.process(speech) + (try resampler.flush())
        #expect(first == second)
    }

    @Test func roundTrip16kTo48kAndBackOnSpeech() throws {
        let speech = try TestAudio.speech()
        let up = try Resampler.resample(speech, to: 48_000)
        #expect(up.frameCount == 3 * speech.frameCount)
        let back = try Resampler.resample(up, to: 16_000)
        #expect(back.frameCount == speech.frameCount)
        let inner = Self.edgeFrames..<(speech.frameCount - Self.edgeFrames)
        let snr = SignalMeasure.snr(signal: Array(speech.samples[inner]), estimate: Array(back.samples[inner]))
        // Measured 34.1 dB (python-soxr gives the same samples): what is lost is the speech above SOXR_HQ's pass band
        // (91.3 % of 8 kHz, about 7.3 kHz) and in the transition band below 8 kHz; the test below shows the band
        // beneath is kept.
        #expect(snr > 30, "round-trip SNR \(snr) dB")
    }

    @Test func roundTrip16kTo48kAndBackKeepsThePassBand() throws {
        // Tones across the pass band, from 100 Hz to 7 kHz, one second.
        let tones: [(frequency: Double, amplitude: Double)] = [(100, 0.2), (440, 0.2), (1000, 0.15), (3300, 0.15), (7000, 0.1)]
        func signal(_ sampleRate: Int, _ frames: Int) -> [Float] {
            (0..<frames).map { index in
                Float(tones.reduce(0.0) { $0 + $1.amplitude * sin(2 * Double.pi * $1.frequency * Double(index) / Double(sampleRate)) })
            }
        }
        let original = signal(16_000, 16_000)
        let up = try Resampler.resample(AudioBuffer(mono: original, sampleRate: 16_000), to: 48_000)
        assertClose(Array(up.samples[(3 * Self.edgeFrames)..<(48_000 - 3 * Self.edgeFrames)]),
                    Array(signal(48_000, 48_000)[(3 * Self.edgeFrames)..<(48_000 - 3 * Self.edgeFrames)]), atol: 1e-4)
        let back = try Resampler.resample(up, to: 16_000)
        let inner = Self.edgeFrames..<(16_000 - Self.edgeFrames)
        let worst = try #require(maxAbsoluteError(Array(back.samples[inner]), Array(original[inner]))).error
        // SOXR_HQ's error grows with frequency (a single 0.5-amplitude tone through this round trip: −106 dB at 100 Hz,
        // −86 dB at 1 kHz, −57 dB at 7 kHz relative to its amplitude, identically in python-soxr); this mix measured
        // −72.4 dB relative to its 0.8 peak.
        let worstDB = 20 * log10(Double(worst) / 0.8)
        #expect(worstDB < -65, "worst error \(worstDB) dB")
    }

    struct ResampleGolden: Decodable {
        struct Case: Decodable {
            var name: String
            var source: String
            var inputRate: Int
            var outputRate: Int
            var channels: Int
            var inputFrames: Int
            var outputFrames: Int
            var inputGolden: String?
        }
        var file: String
        var start: Int
        var frames: Int
        var stereoSecondStart: Int
        var cases: [Case]
    }

    @Test func matchesPythonSoxrOnRealSpeech() throws {
        let golden = try JSONDecoder().decode(ResampleGolden.self, from: TestAudio.golden("resample.json"))
        #expect(golden.cases.count == 5)
        let speech = try SoundFileReader.readAll(path: Fixtures.shared(golden.file)).samples
        let mono = Array(speech[golden.start..<(golden.start + golden.frames)])
        let right = Array(speech[golden.stereoSecondStart..<(golden.stereoSecondStart + golden.frames)])
        for testCase in golden.cases {
            let input: [Float] = switch testCase.source {
            case "speech": mono
            case "speechStereo": zip(mono, right).flatMap { [$0, $1] }
            default: try TestAudio.goldenFloats(try #require(testCase.inputGolden))
            }
            #expect(input.count == testCase.inputFrames * testCase.channels)
            let buffer = AudioBuffer(format: AudioFormat(sampleRate: testCase.inputRate, channelCount: testCase.channels),
                                     samples: input)
            let output = try Resampler.resample(buffer, to: testCase.outputRate)
            let expected = try TestAudio.goldenFloats(testCase.name)
            #expect(output.frameCount == testCase.outputFrames, "\(testCase.name)")
            // Debian's libsoxr 0.1.3 and python-soxr's bundled 0.1.3-14 measured bit-identical here; the tolerance
            // leaves room for a different SIMD path on another CPU.
            assertClose(output.samples, expected, atol: 1e-6, "\(testCase.name)")
        }
    }

    @Test(arguments: [(0, 16_000, 1), (16_000, 0, 1), (16_000, 800_000, 1), (-5, 16_000, 1), (16_000, 48_000, 0),
                      (16_000, 48_000, 65), (100, 768_000, 1)])
    func rejectsImpossibleConfigurations(inputRate: Int, outputRate: Int, channels: Int) throws {
        let error = try #require(throws: AudioIOError.self) {
            try Resampler(inputRate: inputRate, outputRate: outputRate, channelCount: channels)
        }
        #expect(error.code == .invalidFormat)
        #expect(!error.description.contains("\n"))
    }

    @Test func rejectsPartialFrames() throws {
        let resampler = try Resampler(inputRate: 16_000, outputRate: 8_000, channelCount: 2)
        let error = try #require(throws: AudioIOError.self) { try resampler.process([0, 0, 0]) }
        #expect(error.code == .invalidArgument)
    }

    @Test func sameRateReturnsTheBufferUnchanged() throws {
        let speech = try TestAudio.speech()
        #expect(try Resampler.resample(speech, to: 16_000) == speech)
    }
}
