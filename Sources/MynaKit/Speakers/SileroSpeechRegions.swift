import MynaSpeakers
import MynaVAD

/// Silero VAD v6 as the speaker encoder's trimmer: the speech segments of silero-vad's `get_speech_timestamps` (with
/// `options`, silero-vad 6.2.3's defaults unless changed), which the encoder concatenates like silero-vad's
/// `collect_chunks`.
///
/// This adapter joins two model families (MynaVAD and MynaSpeakers), so it lives in MynaKit: the model families
/// never import each other (DESIGN.md §1), and the encoder only sees the `SpeechRegionDetector` role.
///
/// Thread-safety: immutable and `Sendable`; each call runs its own detector session.
public struct SileroSpeechRegions: SpeechRegionDetector {
    public let detector: SileroVoiceDetector
    public let options: SpeechTimestampOptions

    /// What the speaker commands use: silero-vad's defaults but `speech_pad_ms` 180 instead of 30, so that, like
    /// Resemblyzer's `trim_long_silences` (webrtcvad flags dilated by 6 × 30 ms), 180 ms are kept on each side of
    /// speech and pauses shorter than 360 ms stay in: only long silences are cut.
    public static let speakerTrimming: SpeechTimestampOptions = {
        var options = SpeechTimestampOptions.default
        options.speechPadMs = 180
        return options
    }()

    public init(detector: SileroVoiceDetector, options: SpeechTimestampOptions = speakerTrimming) throws {
        try options.validate()
        self.detector = detector
        self.options = options
    }

    /// Loads the detector from a `silero_vad_16k.safetensors` (or silero's 16 kHz ONNX export).
    public init(contentsOf path: String, options: SpeechTimestampOptions = speakerTrimming) throws {
        try self.init(detector: SileroVoiceDetector(contentsOf: path), options: options)
    }

    public var sampleRate: Int { 16_000 }

    public func speechRegions(in samples: [Float]) throws -> [Range<Int>] {
        try detector.speechSegments(samples, sampleRate: sampleRate, options: options).map { $0.startSample..<$0.endSample }
    }
}
