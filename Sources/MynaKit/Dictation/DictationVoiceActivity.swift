import Foundation
import MynaCore
import MynaVAD

/// Silero VAD v6 (`MynaVAD`) as the voice-activity stream live dictation uses: one `SileroVADSession` (LSTM state and
/// context carried from step to step), 512-sample steps at 16 kHz.
public final class SileroVoiceActivityStream: VoiceActivityStream {
    public let session: SileroVADSession
    public var stepSampleCount: Int { session.detector.configuration.stepSamples }
    public var sampleRate: Int { session.detector.configuration.sampleRate }

    public init(detector: SileroVoiceDetector) {
        session = detector.makeSession()
    }

    public func speechProbability(of step: UnsafeBufferPointer<Float>) throws -> Float {
        try session.probability(of: step)
    }
}

/// Opens the detector live dictation uses: `--vad-model` (a file, a folder or an installed name), else the installed
/// `silero-vad-v6`.
public enum DictationVoiceActivity {
    public static func open(path: String?, modelsDirectory: ModelsDirectory) throws -> SileroVoiceActivityStream {
        let file = try SileroModelLocation.resolve(path ?? SileroModelLocation.defaultName, modelsDirectory: modelsDirectory)
        return SileroVoiceActivityStream(detector: try SileroVoiceDetector(contentsOf: file))
    }
}
