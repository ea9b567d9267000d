import MynaNN
import MynaTensor

/// One pre-norm transformer block of the audio encoder (openai-whisper `ResidualAttentionBlock` without cross-attention).
public struct WhisperEncoderLayer: Sendable {
    let attentionNorm: LayerNorm
    let attention: MultiHeadAttention
    let feedForwardNorm: LayerNorm
    let feedForwardIn: Linear
    let feedForwardOut: Linear

    /// `x`: `[frames, d]` → `[frames, d]`.
    func callAsFunction(_ x: Tensor) -> Tensor {
        let attended = x + attention(attentionNorm(x))
        return attended + feedForwardOut(feedForwardIn(feedForwardNorm(attended)).gelu())
    }
}

/// The audio encoder: two GELU convolutions (the second halves the frame rate), sinusoidal positions, pre-norm
/// blocks, a final layer norm (openai-whisper `AudioEncoder`). Immutable; share freely.
public struct WhisperEncoder: Sendable {
    let conv1: Conv1d
    let conv2: Conv1d
    /// `[audioContext, d]`.
    let positions: Tensor
    let layers: [WhisperEncoderLayer]
    let norm: LayerNorm

    /// `mel`: `[nMels, 2 · audioContext]` log-mel frames of one 30 s window → `[audioContext, d]`.
    ///
    /// A shorter, even number of frames `2 · n` encodes only the first `n` positions (`[n, d]`; whisper.cpp's
    /// `audio_ctx`): much cheaper for short audio, but not what the model was trained on (it always saw 30 s), so
    /// only for hypotheses that are decoded again later.
    public func callAsFunction(_ mel: Tensor) -> Tensor {
        precondition(mel.rank == 2 && mel.shape[0] == conv1.weight.shape[1] && mel.shape[1] % 2 == 0
                     && mel.shape[1] > 0 && mel.shape[1] <= 2 * positions.shape[0],
                     "WhisperEncoder: mel \(mel.shape) must be [\(conv1.weight.shape[1]), an even count up to \(2 * positions.shape[0])]")
        let count = mel.shape[1] / 2
        let convolved = conv2(conv1(mel).gelu()).gelu()      // (d, count)
        var x = convolved.transposed()                       // (count, d)
            + (count == positions.shape[0] ? positions : positions.rows(0..<count))
        for layer in layers { x = layer(x) }
        return norm(x)
    }
}
