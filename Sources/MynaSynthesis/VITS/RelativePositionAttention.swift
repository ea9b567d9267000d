import MynaNN
import MynaTensor

/// VITS `attentions.MultiHeadAttention` with windowed relative position embeddings (Shaw et al. 2018), as the text
/// encoder uses it: self-attention over a whole sentence, heads sharing `emb_rel_k` / `emb_rel_v`
/// (`[1, 2·window + 1, headChannels]`). Positions farther apart than the window get no relative term, which is
/// what VITS's zero padding of the embeddings amounts to. Immutable; share freely.
struct RelativePositionAttention: Sendable {
    let query: Conv1d, key: Conv1d, value: Conv1d, output: Conv1d
    let relativeKeys: Tensor    // [2·window + 1, headChannels]
    let relativeValues: Tensor  // [2·window + 1, headChannels]
    let headCount: Int
    let window: Int

    init(_ weights: LoadedWeights, _ prefix: String, headCount: Int, window: Int) {
        query = vitsConv(weights, "\(prefix).conv_q")
        key = vitsConv(weights, "\(prefix).conv_k")
        value = vitsConv(weights, "\(prefix).conv_v")
        output = vitsConv(weights, "\(prefix).conv_o")
        let k = weights["\(prefix).emb_rel_k"], v = weights["\(prefix).emb_rel_v"]
        relativeKeys = k.reshaped([k.shape[1], k.shape[2]])
        relativeValues = v.reshaped([v.shape[1], v.shape[2]])
        self.headCount = headCount
        self.window = window
    }

    /// `x`: [channels, frames] → [channels, frames].
    func callAsFunction(_ x: Tensor) -> Tensor {
        let channels = x.shape[0], frames = x.shape[1]
        let kc = channels / headCount, positions = 2 * window + 1
        let scale = 1 / Float(kc).squareRoot()
        let q = query(x) * scale, k = key(x), v = value(x)
        var heads: [Tensor] = []
        for head in 0..<headCount {
            let rows = (head * kc)..<((head + 1) * kc)
            let qh = q.rows(rows), kh = k.rows(rows), vh = v.rows(rows)    // [kc, frames]
            var scores = qh.matmul(kh, transposingSelf: true)              // [frames, frames]
            let relative = qh.matmul(relativeKeys, transposingSelf: true, transposingOther: true)  // [frames, positions]
            scores.withUnsafeMutableBufferPointer { s in
                relative.withUnsafeBufferPointer { r in
                    for i in 0..<frames {
                        for p in 0..<positions {
                            let j = i + p - window
                            if j >= 0 && j < frames { s[i * frames + j] += r[i * positions + p] }
                        }
                    }
                    Kernels.softmaxRows(s, rowLength: frames)
                }
            }
            var attended = scores.matmul(vh, transposingOther: true)       // [frames, kc]
            // The attention weights of the window, by relative position, times the relative value embeddings.
            let windowWeights = Tensor(shape: [frames, positions]) { w in
                scores.withUnsafeBufferPointer { s in
                    for i in 0..<frames {
                        for p in 0..<positions {
                            let j = i + p - window
                            w[i * positions + p] = (j >= 0 && j < frames) ? s[i * frames + j] : 0
                        }
                    }
                }
            }
            attended = attended + windowWeights.matmul(relativeValues)    // [frames, kc]
            heads.append(attended.transposed())                           // [kc, frames]
        }
        return output(Tensor.concatenate(heads, axis: 0))
    }
}
