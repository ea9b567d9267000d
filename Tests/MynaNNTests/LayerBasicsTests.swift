import Testing
import MynaNN
import MynaTensor
import MynaTestSupport

@Suite("Linear, LayerNorm, Embedding, activations")
struct LayerBasicsTests {
    @Test func linearWithAndWithoutBias() throws {
        let x = try layerGoldens.tensor("linear", "x")
        let weight = try layerGoldens.tensor("linear", "weight"), bias = try layerGoldens.tensor("linear", "bias")
        let layer = Linear(weight: weight, bias: bias)
        #expect(layer.inputFeatures == 13 && layer.outputFeatures == 7)
        let y = layer(x)
        #expect(y.shape == [2, 5, 7])
        // 13 products per output in float32: a few ulp of the row's magnitude.
        assertClose(y.values, try layerGoldens.tensor("linear", "out").values, atol: 5e-6, rtol: 1e-5)
        assertClose(Linear(weight: weight)(x).values, try layerGoldens.tensor("linear", "out_no_bias").values,
                    atol: 5e-6, rtol: 1e-5)
        // A single row (the sgemv path) gives the same as that row of the batch.
        assertClose(layer(x.row(1).row(2)).values, y.row(1).row(2).values, atol: 1e-6, rtol: 1e-6)
    }

    @Test func layerNorm() throws {
        let x = try layerGoldens.tensor("layer_norm", "x")
        let norm = LayerNorm(weight: try layerGoldens.tensor("layer_norm", "weight"),
                             bias: try layerGoldens.tensor("layer_norm", "bias"),
                             epsilon: Float(try layerGoldens.double("layer_norm", "epsilon")))
        // Statistics in Double; the normalised value is then a handful of float32 operations.
        assertClose(norm(x).values, try layerGoldens.tensor("layer_norm", "out").values, atol: 2e-6, rtol: 1e-6)
    }

    @Test func embedding() throws {
        let table = Embedding(weight: try layerGoldens.tensor("embedding", "weight"))
        let ids = try layerGoldens.ints("embedding", "ids")
        #expect(table(ids) == (try layerGoldens.tensor("embedding", "out")), "a lookup copies rows exactly")
        #expect(table.count == 11 && table.dimension == 6)
    }

    @Test func activations() throws {
        let x = try layerGoldens.tensor("activations", "x")
        func expected(_ name: String) throws -> [Float] { try layerGoldens.tensor("activations", name).values }
        // libm's erff/tanhf/expf/log1pf within 1 ulp, plus the golden's own rounding: about 4e-7 relative.
        assertClose(Activation.gelu(x).values, try expected("gelu"), atol: 1e-7, rtol: 4e-7, "gelu")
        #expect(Activation.relu(x).values == (try expected("relu")))
        assertClose(Activation.leakyReLU(negativeSlope: 0.2)(x).values, try expected("leaky_relu"), atol: 0, rtol: 2e-7)
        assertClose(Activation.tanh(x).values, try expected("tanh"), atol: 1e-7, rtol: 4e-7, "tanh")
        assertClose(Activation.sigmoid(x).values, try expected("sigmoid"), atol: 1e-7, rtol: 4e-7, "sigmoid")
        assertClose(Activation.softplus(beta: 1, threshold: 20)(x).values, try expected("softplus"),
                    atol: 1e-7, rtol: 4e-7, "softplus")
        #expect(Activation.identity(x) == x)
    }
}
