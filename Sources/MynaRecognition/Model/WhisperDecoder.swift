import MynaNN
import MynaTensor

/// One pre-norm decoder block: causal self-attention, cross-attention to the encoder output, feed-forward.
public struct WhisperDecoderLayer: Sendable {
    let selfAttentionNorm: LayerNorm
    let selfAttention: MultiHeadAttention
    let crossAttentionNorm: LayerNorm
    let crossAttention: MultiHeadAttention
    let feedForwardNorm: LayerNorm
    let feedForwardIn: Linear
    let feedForwardOut: Linear
}

/// Per-request decoding state: each layer's self-attention history and the cross-attention keys and values of
/// the current 30 s window (projected once per window).
public struct WhisperDecoderState: Sendable {
    var selfAttention: [KVCache]
    var crossAttention: [KVCache]

    /// Positions already decoded (the offset into the position encodings of the next token).
    public var length: Int { selfAttention.first?.length ?? 0 }

    /// Sequence `i` continues from sequence `sources[i]` (replicating a primed prompt, dropping finished samples).
    /// The cross-attention keys and values are the same for every sequence and stay at batch 1.
    public mutating func reorder(sources: [Int]) {
        for index in selfAttention.indices { selfAttention[index].reorder(sources: sources) }
    }
}

/// The text decoder (openai-whisper `TextDecoder`): token and position embeddings, pre-norm blocks, final layer
/// norm, output projection tied to the token embeddings. Immutable; state lives in `WhisperDecoderState`.
public struct WhisperDecoder: Sendable {
    /// Token embeddings `[vocabulary, d]`, also the output projection. Kept in binary16 when the file stores them so
    /// (`HalfMatrix`): the projection is the largest product of a step (51864 × 384 for every token), and half the
    /// bytes is about half its time.
    let tokens: WhisperTokenWeights
    /// `[textContext, d]`.
    let positions: Tensor
    let layers: [WhisperDecoderLayer]
    let norm: LayerNorm

    public var textContext: Int { positions.shape[0] }

    /// Cross-attention keys and values of `encoded` (`[audioContext, d]`) for every layer: computed once per window
    /// and shared by every decoding attempt on it.
    public func crossKeyValues(_ encoded: Tensor) -> [KVCache] {
        layers.map { $0.crossAttention.keyValues(memory: encoded) }
    }

    /// A fresh state over `crossKeyValues`, room reserved for `textContext` positions per sequence.
    public func makeState(crossKeyValues: [KVCache], batchSize: Int = 1) -> WhisperDecoderState {
        let d = positions.shape[1]
        return WhisperDecoderState(
            selfAttention: layers.map { _ in KVCache(batchSize: batchSize, modelDimension: d, capacity: textContext) },
            crossAttention: crossKeyValues)
    }

    /// Runs `tokens` (`[batch][new]`, the same count per sequence) after what `state` holds and returns the final
    /// normalised hidden states `[batch, new, d]`; `state` then holds the new positions too.
    public func hiddenStates(_ tokens: [[Int]], state: inout WhisperDecoderState) -> Tensor {
        hiddenStates(tokens, state: &state, crossAttentionInput: nil)
    }

    /// `hiddenStates`, handing `crossAttentionInput` each layer's index and the normalised input of its
    /// cross-attention (`[batch · new, d]`), so a caller can read attention scores of chosen heads (word alignment)
    /// without the decoding path computing them.
    func hiddenStates(_ tokens: [[Int]], state: inout WhisperDecoderState,
                      crossAttentionInput: ((Int, Tensor) -> Void)?) -> Tensor {
        let batch = tokens.count, count = tokens[0].count, d = positions.shape[1]
        let offset = state.length
        precondition(offset + count <= textContext, "WhisperDecoder: \(offset + count) positions exceed \(textContext)")
        let embedded = self.tokens.embed(tokens.flatMap { $0 }).reshaped([batch, count, d])    // (batch, new, d)
        var x = embedded + positions.rows(offset..<(offset + count))                   // broadcast over the batch
        for (index, layer) in layers.enumerated() {
            x = x + layer.selfAttention(layer.selfAttentionNorm(x), cache: &state.selfAttention[index], mask: .causal)
            let crossInput = layer.crossAttentionNorm(x)
            crossAttentionInput?(index, crossInput.reshaped([batch * count, d]))
            x = x + layer.crossAttention(crossInput, keyValues: state.crossAttention[index])
            x = x + layer.feedForwardOut(layer.feedForwardIn(layer.feedForwardNorm(x)).gelu())
        }
        return norm(x)
    }

    /// Logits `[rows, vocabulary]` of hidden states `[rows, d]`: the output projection tied to the token embeddings.
    public func logits(hidden: Tensor) -> Tensor {
        self.tokens.project(hidden)
    }

    /// `hiddenStates` followed by `logits`: `[batch, new, vocabulary]`.
    public func logits(_ tokens: [[Int]], state: inout WhisperDecoderState) -> Tensor {
        let hidden = hiddenStates(tokens, state: &state)
        let rows = hidden.shape[0] * hidden.shape[1]
        return logits(hidden: hidden.reshaped([rows, hidden.shape[2]])).reshaped([hidden.shape[0], hidden.shape[1], self.tokens.count])
    }
}

/// The decoder's token table in the precision the file gave it: binary16 (`HalfMatrix`, exact) when every value is
/// one, else Float32. Embedding lookup widens rows; the output projection multiplies by the transpose.
enum WhisperTokenWeights: Sendable {
    case half(HalfMatrix)
    case float(Embedding)

    /// Half precision when `weight` (`[vocabulary, d]`) holds binary16 values only, Float32 otherwise.
    init(_ weight: Tensor) {
        if let half = HalfMatrix(exactly: weight) { self = .half(half) } else { self = .float(Embedding(weight: weight)) }
    }

    /// Vocabulary size.
    var count: Int {
        switch self {
        case .half(let matrix): matrix.rows
        case .float(let embedding): embedding.count
        }
    }

    /// `[ids.count, d]`.
    func embed(_ ids: [Int]) -> Tensor {
        switch self {
        case .half(let matrix): matrix.gatherRows(ids)
        case .float(let embedding): embedding(ids)
        }
    }

    /// `[rows, d]` → `[rows, vocabulary]`.
    func project(_ hidden: Tensor) -> Tensor {
        switch self {
        case .half(let matrix): hidden.matmul(transposedHalf: matrix)
        case .float(let embedding): hidden.matmul(embedding.weight, transposingOther: true)
        }
    }
}
