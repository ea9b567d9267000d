import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import MynaVAD
import Testing

/// The pinned detectors, the clips of the goldens and the goldens themselves (scripts/goldens/silero_vad_goldens.py).
enum VADFixtures {
    static let safetensorsPath = Fixtures.models.appendingPathComponent("silero-vad-v6/silero_vad_16k.safetensors").path
    static let onnxPath = Fixtures.models.appendingPathComponent("silero-vad-v6/silero_vad_16k_op15.onnx").path

    /// `silero_vad_16k.safetensors`, Myna's default.
    static let detector: SileroVoiceDetector = {
        do { return try SileroVoiceDetector(contentsOf: safetensorsPath) } catch {
            fatalError("cannot load \(safetensorsPath) (run scripts/setup.sh): \(error)")
        }
    }()

    /// `silero_vad_16k_op15.onnx`: the weights of silero-vad's `load_silero_vad()`.
    static let onnxDetector: SileroVoiceDetector = {
        do { return try SileroVoiceDetector(contentsOf: onnxPath) } catch {
            fatalError("cannot load \(onnxPath) (run scripts/setup.sh): \(error)")
        }
    }()

    /// The detector a golden weight set names.
    static func detector(weights: String) -> SileroVoiceDetector { weights == "jit" ? onnxDetector : detector }

    static let probabilities = GoldenTensorFile(named: "silero_vad_probabilities", in: .module)
    static let timestamps: TimestampGolden = {
        guard let url = Bundle.module.url(forResource: "silero_vad_timestamps", withExtension: "json", subdirectory: "Golden"),
              let golden = try? JSONDecoder().decode(TimestampGolden.self, from: Data(contentsOf: url)) else {
            fatalError("no readable Golden/silero_vad_timestamps.json: run scripts/goldens/silero_vad_goldens.py")
        }
        return golden
    }()

    /// The 16 kHz samples of a golden clip: a file of ../shared/data, or a synthetic clip regenerated here.
    static func samples(_ clip: TimestampGolden.Clip) throws -> [Float] {
        switch clip.id {
        case "silence": return [Float](repeating: 0, count: clip.samples)
        case "noise": return uniformNoise(count: clip.samples, amplitude: 0.1)
        default:
            let audio = try SoundFileReader.readAll(path: Fixtures.shared(try #require(clip.file)))
            #expect(audio.format == .speech16k, "\(clip.id) must be 16 kHz mono")
            return audio.samples
        }
    }

    /// The golden script's noise: a 32-bit LCG (1664525, 1013904223, seed 1), `((x >> 8) / 2²⁴ · 2 − 1) · amplitude`.
    static func uniformNoise(count: Int, amplitude: Float) -> [Float] {
        var x: UInt32 = 1
        return (0..<count).map { _ in
            x = 1_664_525 &* x &+ 1_013_904_223
            return (Float(x >> 8) / Float(1 << 24) * 2 - 1) * amplitude
        }
    }
}

/// Golden/silero_vad_timestamps.json.
struct TimestampGolden: Decodable {
    struct Clip: Decodable {
        let id: String
        let file: String?
        let samples: Int
        /// weight set → option set → [[start, end]] in samples.
        let segments: [String: [String: [[Int]]]]

        func expected(_ weights: String, _ optionSet: String) throws -> [SpeechSegment] {
            try #require(segments[weights]?[optionSet]).map { SpeechSegment(startSample: $0[0], endSample: $0[1]) }
        }
    }

    /// `get_speech_timestamps` keyword arguments, as the script passed them.
    struct PythonOptions: Decodable {
        let threshold: Double?
        let neg_threshold: Double?
        let min_speech_duration_ms: Int?
        let max_speech_duration_s: Double?
        let min_silence_duration_ms: Int?
        let speech_pad_ms: Int?
        let min_silence_at_max_speech: Int?
        let use_max_poss_sil_at_max_speech: Bool?

        var options: SpeechTimestampOptions {
            var o = SpeechTimestampOptions.default
            if let threshold { o.threshold = threshold }
            o.negativeThreshold = neg_threshold
            if let min_speech_duration_ms { o.minSpeechDurationMs = min_speech_duration_ms }
            if let max_speech_duration_s { o.maxSpeechDurationSeconds = max_speech_duration_s }
            if let min_silence_duration_ms { o.minSilenceDurationMs = min_silence_duration_ms }
            if let speech_pad_ms { o.speechPadMs = speech_pad_ms }
            if let min_silence_at_max_speech { o.minSilenceAtMaxSpeechMs = min_silence_at_max_speech }
            if let use_max_poss_sil_at_max_speech { o.useLongestSilenceAtMaxSpeech = use_max_poss_sil_at_max_speech }
            return o
        }
    }

    let optionSets: [String: PythonOptions]
    let clips: [Clip]

    static let weightSets = ["safetensors", "jit"]
}
