/// The architecture of Silero VAD v6's 16 kHz model (silero-vad 6.2.3: `tinygrad_model.py` and the
/// `silero_vad_16k_op15.onnx` graph it mirrors). Fixed by the model: nothing here is a per-call knob.
///
/// Per step the model sees `contextSamples + stepSamples` samples (the last 64 samples of the previous step, then 512
/// new ones), reflect-pads 64 samples on the right, takes a 256-point STFT as a strided convolution with hop 128
/// (4 frames), the magnitude of its 129 bins, four convolutions with ReLU (strides 1, 2, 2, 1: 4 → 4 → 2 → 1 frames),
/// one LSTM cell of 128 units carried from step to step, and a 1×1 convolution with a sigmoid.
///
/// Thread-safety: a value; share freely.
public struct SileroVADConfiguration: Sendable, Equatable {
    /// The only rate the 16 kHz model takes, in Hz.
    public var sampleRate: Int
    /// New samples per step (32 ms at 16 kHz); silero-vad refuses any other chunk size at 16 kHz.
    public var stepSamples: Int
    /// Samples of the previous step prepended to each step (zeros at the start of a stream).
    public var contextSamples: Int
    /// Samples of reflect padding appended on the right before the STFT (`x.pad((0, 64), "reflect")`).
    public var reflectPaddingSamples: Int
    /// STFT window length (`stft_conv` kernel), in samples.
    public var fftLength: Int
    /// STFT hop (`stft_conv` stride), in samples.
    public var hopLength: Int
    /// LSTM units.
    public var hiddenSize: Int

    /// silero-vad 6.2.3's 16 kHz model.
    public static let v6 = SileroVADConfiguration(sampleRate: 16_000, stepSamples: 512, contextSamples: 64,
                                                  reflectPaddingSamples: 64, fftLength: 256, hopLength: 128,
                                                  hiddenSize: 128)

    /// Frequency bins of the magnitude spectrum: `fftLength / 2 + 1` (129).
    public var binCount: Int { fftLength / 2 + 1 }
    /// Samples the model sees per step: context plus new samples (576).
    public var windowSamples: Int { contextSamples + stepSamples }
    /// Samples after reflect padding (640).
    public var paddedSamples: Int { windowSamples + reflectPaddingSamples }
    /// STFT frames per step (4).
    public var frameCount: Int { (paddedSamples - fftLength) / hopLength + 1 }
    /// Duration of one step in seconds (0.032).
    public var stepSeconds: Double { Double(stepSamples) / Double(sampleRate) }
}
