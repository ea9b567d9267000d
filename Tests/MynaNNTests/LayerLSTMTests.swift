import Testing
import MynaNN
import MynaTensor
import MynaTestSupport

/// Nine steps through three layers: each step's rounding (sgemv sums of ≤ 44 products, libm sigmoid/tanh) feeds
/// the next, but the gates squash rather than amplify it; measured worst 6e-8 absolute, tolerance 5e-7.
private let lstmTolerance: (atol: Float, rtol: Float) = (5e-7, 1e-6)

@Suite("LSTM and LSTMCell")
struct LayerLSTMTests {
    private func lstm() throws -> LSTM {
        let layers = try (0..<3).map { index in
            LSTMCell(weightIH: try layerGoldens.tensor("lstm", "weight_ih_l\(index)"),
                     weightHH: try layerGoldens.tensor("lstm", "weight_hh_l\(index)"),
                     biasIH: try layerGoldens.tensor("lstm", "bias_ih_l\(index)"),
                     biasHH: try layerGoldens.tensor("lstm", "bias_hh_l\(index)"))
        }
        return LSTM(layers: layers)
    }

    @Test func zeroStateSequence() throws {
        let model = try lstm()
        #expect(model.inputSize == 5 && model.hiddenSize == 11)
        var state = model.initialState()
        let x = try layerGoldens.tensor("lstm", "x1")  // (1, 9, 5)
        let y = model(x, state: &state)
        #expect(y.shape == [1, 9, 11])
        assertClose(y.values, try layerGoldens.tensor("lstm", "out1").values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol)
        let h = try layerGoldens.tensor("lstm", "h1"), c = try layerGoldens.tensor("lstm", "c1")  // (3, 1, 11)
        for layer in 0..<3 {
            assertClose(state.hidden[layer].values, h.row(layer).values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol, "h\(layer)")
            assertClose(state.cell[layer].values, c.row(layer).values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol, "c\(layer)")
        }
        // Unbatched [frames, features] input gives the same sequence.
        var fresh = model.initialState()
        #expect(model(x.row(0), state: &fresh).values == y.values)
    }

    @Test func batchWithInitialState() throws {
        let model = try lstm()
        let h0 = try layerGoldens.tensor("lstm", "h0"), c0 = try layerGoldens.tensor("lstm", "c0")  // (3, 2, 11)
        var state = LSTMState(hidden: (0..<3).map { h0.row($0) }, cell: (0..<3).map { c0.row($0) })
        let y = model(try layerGoldens.tensor("lstm", "x2"), state: &state)
        assertClose(y.values, try layerGoldens.tensor("lstm", "out2").values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol)
        let h = try layerGoldens.tensor("lstm", "h2"), c = try layerGoldens.tensor("lstm", "c2")
        for layer in 0..<3 {
            assertClose(state.hidden[layer].values, h.row(layer).values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol)
            assertClose(state.cell[layer].values, c.row(layer).values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol)
        }
    }

    /// A batch is split across threads (each share with OpenBLAS on one thread): every sequence of a batch of 7
    /// comes out as when it runs alone, as batch 1 on the calling thread.
    @Test func batchSplitAcrossThreadsEqualsEachSequenceAlone() throws {
        let model = try lstm()
        var generator = SeededGenerator(seed: 7)
        let x = Tensor(shape: [7, 9, 5], values: (0..<(7 * 9 * 5)).map { _ in Float.random(in: -2...2, using: &generator) })
        var state = model.initialState(batchSize: 7)
        let y = model(x, state: &state)
        for b in 0..<7 {
            var alone = model.initialState()
            let single = model(x.row(b), state: &alone)
            assertClose(y.row(b).values, single.values, atol: 1e-6, rtol: 1e-6, "sequence \(b)")
            for layer in 0..<3 {
                assertClose(state.hidden[layer].row(b).values, alone.hidden[layer].values, atol: 1e-6, rtol: 1e-6)
                assertClose(state.cell[layer].row(b).values, alone.cell[layer].values, atol: 1e-6, rtol: 1e-6)
            }
        }
    }

    /// Streaming: feeding the frames in two pieces with the state carried over equals one pass.
    @Test func stateCarriesAcrossCalls() throws {
        let model = try lstm()
        let x = try layerGoldens.tensor("lstm", "x1").row(0)  // (9, 5)
        var whole = model.initialState()
        let y = model(x, state: &whole)
        var pieces = model.initialState()
        let first = model(x.rows(0..<4), state: &pieces)
        let second = model(x.rows(4..<9), state: &pieces)
        assertClose(Tensor.concatenate([first, second], axis: 0).values, y.values, atol: 1e-7, rtol: 1e-6)
        assertClose(pieces.hidden[2].values, whole.hidden[2].values, atol: 1e-7, rtol: 1e-6)
    }

    @Test func cellSteps() throws {
        let cell = LSTMCell(weightIH: try layerGoldens.tensor("lstm_cell", "weight_ih"),
                            weightHH: try layerGoldens.tensor("lstm_cell", "weight_hh"),
                            biasIH: try layerGoldens.tensor("lstm_cell", "bias_ih"),
                            biasHH: try layerGoldens.tensor("lstm_cell", "bias_hh"))
        #expect(cell.inputSize == 6 && cell.hiddenSize == 8)
        let x = try layerGoldens.tensor("lstm_cell", "x")  // (3 steps, 2, 6)
        var h = try layerGoldens.tensor("lstm_cell", "h0"), c = try layerGoldens.tensor("lstm_cell", "c0")
        let expected = try layerGoldens.tensor("lstm_cell", "hs")
        for step in 0..<3 {
            let output = cell(x.row(step), hidden: &h, cell: &c)
            assertClose(output.values, expected.row(step).values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol, "step \(step)")
        }
        assertClose(c.values, try layerGoldens.tensor("lstm_cell", "c_last").values, atol: lstmTolerance.atol, rtol: lstmTolerance.rtol)
    }
}
