import Testing
import MynaNN
import MynaTensor
import MynaTestSupport

/// Projections (12–20 products), scores, softmax and the weighted sum: a few float32 roundings deep; measured worst
/// 4.8e-7 absolute on outputs of magnitude ~1.
private let attentionTolerance: (atol: Float, rtol: Float) = (3e-6, 1e-5)

@Suite("Multi-head attention and KV cache")
struct LayerAttentionTests {
    /// The golden's separate projections; the key projection has no bias, like Whisper's.
    private func separate(_ name: String, keyBias: Bool = false) throws -> MultiHeadAttention {
        func t(_ key: String) throws -> Tensor { try layerGoldens.tensor(name, key) }
        return MultiHeadAttention(
            projections: .separate(query: Linear(weight: try t("wq"), bias: try t("bq")),
                                   key: Linear(weight: try t("wk"), bias: keyBias ? try t("bk") : nil),
                                   value: Linear(weight: try t("wv"), bias: try t("bv"))),
            output: Linear(weight: try t("wo"), bias: try t("bo")),
            headCount: try layerGoldens.int(name, "heads"))
    }

    /// The same weights stored CTranslate2-style: one [3d, d] QKV matrix with a zero key bias.
    private func fused(_ name: String) throws -> MultiHeadAttention {
        func t(_ key: String) throws -> Tensor { try layerGoldens.tensor(name, key) }
        let d = try t("wq").shape[0]
        let weight = Tensor.concatenate([try t("wq"), try t("wk"), try t("wv")], axis: 0)
        let bias = Tensor.concatenate([try t("bq"), Tensor(shape: [d]), try t("bv")], axis: 0)
        return MultiHeadAttention(projections: .fusedQKV(Linear(weight: weight, bias: bias)),
                                  output: Linear(weight: try t("wo"), bias: try t("bo")),
                                  headCount: try layerGoldens.int(name, "heads"))
    }

    @Test func selfAttention() throws {
        let x = try layerGoldens.tensor("attention_self", "x")  // (2, 7, 12)
        let expected = try layerGoldens.tensor("attention_self", "out")
        let expectedCausal = try layerGoldens.tensor("attention_self", "out_causal")
        for attention in [try separate("attention_self"), try fused("attention_self")] {
            #expect(attention.headDimension == 4)
            let y = attention(x)
            #expect(y.shape == [2, 7, 12])
            assertClose(y.values, expected.values, atol: attentionTolerance.atol, rtol: attentionTolerance.rtol)
            assertClose(attention(x, mask: .causal).values, expectedCausal.values,
                        atol: attentionTolerance.atol, rtol: attentionTolerance.rtol, "causal")
            // Batch entries are independent: the second sequence alone gives the second row of the batch.
            assertClose(attention(x.row(1)).values, y.row(1).values, atol: 1e-6, rtol: 1e-6)
        }
    }

    /// Decoding one position at a time through the cache reproduces causal attention over the whole sequence.
    @Test func cachedDecodingEqualsCausal() throws {
        let x = try layerGoldens.tensor("attention_self", "x")
        let expected = try layerGoldens.tensor("attention_self", "out_causal")  // (2, 7, 12)
        let attention = try fused("attention_self")
        var cache = KVCache(batchSize: 2, modelDimension: 12)
        var steps: [Tensor] = []
        for position in 0..<7 {
            steps.append(attention(x.slice(axis: 1, position..<(position + 1)), cache: &cache))
        }
        #expect(cache.length == 7)
        assertClose(Tensor.concatenate(steps, axis: 1).values, expected.values,
                    atol: attentionTolerance.atol, rtol: attentionTolerance.rtol)

        // Several positions per call (a prompt, then single tokens), with the cache growing past its capacity.
        var chunked = KVCache(batchSize: 2, modelDimension: 12, capacity: 2)
        let prompt = attention(x.slice(axis: 1, 0..<4), cache: &chunked)
        let rest = attention(x.slice(axis: 1, 4..<7), cache: &chunked)
        assertClose(Tensor.concatenate([prompt, rest], axis: 1).values, expected.values,
                    atol: attentionTolerance.atol, rtol: attentionTolerance.rtol)
        #expect(chunked.capacity >= 7)
        #expect(chunked.storedKeys.shape == [2, 7, 12])
        // sgemm over four rows and sgemv over one round differently: equal to float32 precision, not bit for bit.
        assertClose(chunked.storedKeys.values, cache.storedKeys.values, atol: 1e-6, rtol: 1e-6)
    }

    /// Beam search reorders the cache: continuing from a reordered cache equals having decoded those sequences.
    @Test func reorderedCacheFollowsItsSources() throws {
        let x = try layerGoldens.tensor("attention_self", "x")
        let attention = try fused("attention_self")
        var cache = KVCache(batchSize: 2, modelDimension: 12)
        _ = attention(x.slice(axis: 1, 0..<3), cache: &cache)
        cache.reorder(sources: [1, 1, 0])
        #expect(cache.batchSize == 3)
        let next = x.slice(axis: 1, 3..<4)  // (2, 1, 12)
        let step = attention(Tensor.concatenate([next.rows(1..<2), next.rows(1..<2), next.rows(0..<1)], axis: 0), cache: &cache)

        var reference = KVCache(batchSize: 2, modelDimension: 12)
        _ = attention(x.slice(axis: 1, 0..<3), cache: &reference)
        let expected = attention(next, cache: &reference)  // (2, 1, 12)
        assertClose(step.row(0).values, expected.row(1).values, atol: 1e-6, rtol: 1e-6)
        assertClose(step.row(1).values, expected.row(1).values, atol: 1e-6, rtol: 1e-6)
        assertClose(step.row(2).values, expected.row(0).values, atol: 1e-6, rtol: 1e-6)
    }

    /// Cross-attention with Whisper's storage (query [d, d] plus fused key-value [2d, d]) and one memory shared by
    /// a batch of two queries.
    @Test func crossAttentionSharedMemory() throws {
        let name = "attention_cross"
        func t(_ key: String) throws -> Tensor { try layerGoldens.tensor(name, key) }
        let d = 12
        let attention = MultiHeadAttention(
            projections: .queryAndFusedKeyValue(
                query: Linear(weight: try t("wq"), bias: try t("bq")),
                keyValue: Linear(weight: Tensor.concatenate([try t("wk"), try t("wv")], axis: 0),
                                 bias: Tensor.concatenate([Tensor(shape: [d]), try t("bv")], axis: 0))),
            output: Linear(weight: try t("wo"), bias: try t("bo")), headCount: try layerGoldens.int(name, "heads"))
        let x = try t("x"), memory = try t("memory"), expected = try t("out")  // x (2, 5, 12), memory (1, 9, 12)
        let keyValues = attention.keyValues(memory: memory)
        #expect(keyValues.batchSize == 1 && keyValues.length == 9)
        let y = attention(x, keyValues: keyValues)
        #expect(y.shape == [2, 5, 12])
        assertClose(y.values, expected.values, atol: attentionTolerance.atol, rtol: attentionTolerance.rtol)
        // Separate projections and a per-call memory give the same.
        let plain = try separate(name)
        assertClose(plain(x.row(0), memory: memory.row(0)).values, expected.row(0).values,
                    atol: attentionTolerance.atol, rtol: attentionTolerance.rtol)
        assertClose(plain(x, memory: Tensor.concatenate([memory, memory], axis: 0)).values, expected.values,
                    atol: attentionTolerance.atol, rtol: attentionTolerance.rtol)
    }

    /// More than `Kernels.attentionRowsMaximum` unmasked query rows go through `Kernels.fusedAttention`: the same
    /// rows a few at a time (the decoder step's products, sgemm-free) give the same within float32 rounding.
    @Test func manyRowsMatchFewRowsAtATime() {
        var generator = SeededGenerator(seed: 17)
        func random(_ shape: [Int], scale: Float = 1) -> Tensor {
            Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float.random(in: -1...1, using: &generator) * scale })
        }
        let d = 24
        let attention = MultiHeadAttention(projections: .fusedQKV(Linear(weight: random([3 * d, d], scale: 0.5), bias: random([3 * d]))),
                                           output: Linear(weight: random([d, d], scale: 0.3), bias: random([d])), headCount: 3)
        #expect(Kernels.attentionRowsMaximum < 40)
        // Self-attention of two sequences of 40 frames (the encoder's case, each sequence its own keys).
        let x = random([2, 40, d])
        let y = attention(x)
        for b in 0..<2 {
            let sequence = x.row(b)
            let keyValues = attention.keyValues(memory: sequence)
            let pieces = stride(from: 0, to: 40, by: 10).map { attention(sequence.rows($0..<($0 + 10)), keyValues: keyValues) }
            assertClose(y.row(b).values, Tensor.concatenate(pieces, axis: 0).values, atol: 1e-6, rtol: 1e-5, "sequence \(b)")
        }
        // Cross-attention of 3 × 8 rows over one shared memory: one matrix of 24 rows, fused.
        let queries = random([3, 8, d]), memory = random([1, 30, d])
        let shared = attention(queries, keyValues: attention.keyValues(memory: memory))
        for b in 0..<3 {
            assertClose(shared.row(b).values, attention(queries.row(b), memory: memory.row(0)).values, atol: 1e-6, rtol: 1e-5,
                        "query sequence \(b)")
        }
    }

    @Test func oddSizesCausal() throws {
        let attention = try separate("attention_causal_odd", keyBias: true)
        #expect(attention.headDimension == 5)
        let x = try layerGoldens.tensor("attention_causal_odd", "x")  // (1, 13, 20)
        assertClose(attention(x, mask: .causal).values, try layerGoldens.tensor("attention_causal_odd", "out").values,
                    atol: attentionTolerance.atol, rtol: attentionTolerance.rtol)
    }
}

@Suite("KVCache storage")
struct LayerKVCacheTests {
    @Test func growthAndReorderKeepContents() {
        let rows = Tensor(shape: [2, 3, 4]) { b in for i in b.indices { b[i] = Float(i) } }  // (batch, frames, d)
        var cache = KVCache(batchSize: 2, modelDimension: 4)
        cache.reorder(sources: [0, 1])  // identity on an empty cache
        cache.reserve(1)
        #expect(cache.length == 0 && cache.capacity >= 1)
        let identity = Tensor(shape: [4, 4]) { b in for i in b.indices { b[i] = i % 5 == 0 ? 1 : 0 } }
        let attention = MultiHeadAttention(
            projections: .separate(query: Linear(weight: identity), key: Linear(weight: identity), value: Linear(weight: identity * 2)),
            output: Linear(weight: identity), headCount: 2)
        _ = attention(rows, cache: &cache)
        #expect(cache.storedKeys == rows, "identity key projection stores the rows themselves")
        #expect(cache.storedValues == rows * 2)
        cache.reserve(100)
        #expect(cache.capacity >= 100)
        #expect(cache.storedKeys == rows, "growing keeps every stored position")
        cache.reorder(sources: [1, 0, 1])
        #expect(cache.storedKeys == Tensor.concatenate([rows.rows(1..<2), rows.rows(0..<1), rows.rows(1..<2)], axis: 0))
        cache.removeAll()
        #expect(cache.length == 0 && cache.batchSize == 3)
    }
}
