import MynaCore
import MynaNN
import MynaTensor

/// Silero VAD v6 (16 kHz): a speech probability for every 32 ms of audio, computed natively from the weights of
/// `silero_vad_16k.safetensors` (or silero-vad's `silero_vad_16k_op15.onnx` export), exactly as silero-vad 6.2.3's
/// model computes it.
///
/// Immutable and `Sendable`: one detector serves every stream. Each stream gets its own `SileroVADSession`
/// (`makeSession()`), which carries the LSTM state and the 64-sample context from step to step (DESIGN.md §3).
public struct SileroVoiceDetector: Sendable {
    /// The architecture the weights were checked against.
    public let configuration: SileroVADConfiguration
    /// `stft_conv.weight` `[258, 1, 256]`: rows 0..<129 the real parts, 129..<258 the imaginary parts of a windowed
    /// DFT basis; applied with stride 128 and no padding.
    public let stft: Tensor
    /// `conv1` … `conv4`: kernel 3, padding 1, strides 1, 2, 2, 1, each followed by ReLU.
    public let encoder: [Conv1d]
    /// `lstm_cell`: 128 → 128, PyTorch gate order.
    public let lstm: LSTMCell
    /// `final_conv` `[1, 128, 1]` after a ReLU, then a sigmoid.
    public let output: Conv1d
    /// The weight file the detector was loaded from.
    public let location: String

    /// Loads a safetensors (or ONNX) file strictly: a missing, unused or mis-shaped tensor throws a
    /// `WeightLoadingError` naming it.
    public init(contentsOf path: String) throws {
        try self.init(archive: WeightFileFormat.open(path: path))
    }

    /// Loads the model from any opened weight file.
    public init(archive: some WeightArchive) throws {
        let c = SileroVADConfiguration.v6
        let weights = try WeightLoader.load(SileroWeightMap.manifest(for: archive, c), from: archive)
        configuration = c
        stft = weights["stft_conv.weight"]
        encoder = zip(SileroWeightMap.encoder, SileroWeightMap.encoderStrides).map { layer, stride in
            Conv1d(weight: weights["\(layer.name).weight"], bias: weights["\(layer.name).bias"], stride: stride, padding: 1)
        }
        lstm = LSTMCell(weightIH: weights["lstm_cell.weight_ih"], weightHH: weights["lstm_cell.weight_hh"],
                        biasIH: weights["lstm_cell.bias_ih"], biasHH: weights["lstm_cell.bias_hh"])
        output = Conv1d(weight: weights["final_conv.weight"], bias: weights["final_conv.bias"])
        location = archive.location
    }

    /// A fresh stream: zero LSTM state and zero context.
    public func makeSession() -> SileroVADSession { SileroVADSession(detector: self) }

    /// The speech probability of every 512-sample step of `samples` (16 kHz mono), the last step zero-padded — what
    /// silero-vad's `get_speech_timestamps` computes before it looks for segments. Throws `FeatureError` for empty
    /// audio, another sample rate or a sample that is not finite.
    ///
    /// The stateless part of every step (STFT, encoder, the LSTM's input projection) runs as a few large matrix
    /// products over blocks of steps (`SileroBatchEncoder`); then the LSTM's recurrence and the head run step after
    /// step. The probabilities equal those of a session fed the same steps within float rounding.
    public func speechProbabilities(_ samples: [Float], sampleRate: Int) throws -> [Float] {
        try SileroInput.check(samples, sampleRate: sampleRate, configuration)
        let gateCount = 4 * lstm.hiddenSize
        let inputGates = samples.withUnsafeBufferPointer { SileroBatchEncoder(detector: self).inputGates(of: $0) }
        let session = makeSession()
        return inputGates.withUnsafeBufferPointer { gates in
            (0..<(gates.count / gateCount)).map { session.decode(inputGates: gates.baseAddress! + $0 * gateCount) }
        }
    }
}
