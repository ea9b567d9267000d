import Testing
import MynaTensor
import MynaTestSupport

/// glibc's expf, tanhf, erff and log1pf are within 1 ulp of the exact value; the golden is the exact value rounded
/// to float32 (½ ulp). So every element may differ by about 1.5 ulp ≈ 1.8e-7 relative, plus a tiny absolute
/// allowance near zero where compositions such as GELU cancel.
private let ulpTolerance: (atol: Float, rtol: Float) = (1e-7, 4e-7)

@Suite("Elementwise functions and broadcasting")
struct OpElementwiseTests {
    @Test func unaryFunctions() throws {
        let x = try opGoldens.tensor("unary", "x")
        func expected(_ name: String) throws -> [Float] { try opGoldens.tensor("unary", name).values }
        assertClose(try opGoldens.tensor("unary", "x_exp").exp().values, try expected("exp"),
                    atol: 0, rtol: ulpTolerance.rtol, "exp")
        assertClose(x.tanh().values, try expected("tanh"), atol: ulpTolerance.atol, rtol: ulpTolerance.rtol, "tanh")
        assertClose(x.sigmoid().values, try expected("sigmoid"), atol: ulpTolerance.atol, rtol: ulpTolerance.rtol, "sigmoid")
        assertClose(x.erf().values, try expected("erf"), atol: ulpTolerance.atol, rtol: ulpTolerance.rtol, "erf")
        assertClose(x.gelu().values, try expected("gelu"), atol: ulpTolerance.atol, rtol: ulpTolerance.rtol, "gelu")
        #expect(x.relu().values == (try expected("relu")), "relu is exact")
        // Float(0.1) is not 0.1 and the product rounds once more: up to ~1 ulp against the exact value.
        assertClose(x.leakyReLU(negativeSlope: 0.1).values, try expected("leaky_relu"), atol: 0, rtol: 2e-7, "leaky relu")
        assertClose(x.softplus().values, try expected("softplus"), atol: ulpTolerance.atol, rtol: ulpTolerance.rtol, "softplus")
        assertClose(x.softplus(beta: 2).values, try expected("softplus_beta2"),
                    atol: ulpTolerance.atol, rtol: ulpTolerance.rtol, "softplus β 2")
        assertClose(x.map { $0 * 2 }.values, x.values.map { $0 * 2 }, atol: 0)

        let positive = try opGoldens.tensor("unary_positive", "x")
        assertClose(positive.log().values, try opGoldens.tensor("unary_positive", "log").values,
                    atol: ulpTolerance.atol, rtol: ulpTolerance.rtol, "log")
        assertClose(positive.squareRoot().values, try opGoldens.tensor("unary_positive", "sqrt").values,
                    atol: 0, rtol: 1e-7, "sqrt is correctly rounded")
    }

    @Test func sigmoidNeverOverflows() {
        let extreme = Tensor(shape: [4], values: [-Float.greatestFiniteMagnitude, -1000, 1000, .greatestFiniteMagnitude]).sigmoid()
        #expect(extreme.values == [0, 0, 1, 1])
    }

    @Test(arguments: [("broadcast_add_3x1x5_4x1", "+"), ("broadcast_mul_2x3x4_4", "*"),
                      ("broadcast_sub_5x1_1x6", "-"), ("broadcast_div_2x7x3_2x7x1", "/")])
    func broadcasting(_ golden: (String, String)) throws {
        let (name, op) = golden
        let a = try opGoldens.tensor(name, "a"), b = try opGoldens.tensor(name, "b")
        let expected = try opGoldens.tensor(name, "out")
        let result: Tensor
        switch op {
        case "+": result = a + b
        case "-": result = a - b
        case "*": result = a * b
        default: result = a / b
        }
        #expect(result.shape == expected.shape)
        // One float32 operation each: correctly rounded, so within ½ ulp of the float64 value.
        assertClose(result.values, expected.values, atol: 0, rtol: 6e-8, "\(name)")
    }

    @Test func scalarOperators() {
        let x = Tensor(shape: [3], values: [1, -2, 4])
        #expect((x * 2).values == [2, -4, 8])
        #expect((0.5 * x).values == [0.5, -1, 2])
        #expect((x + 1).values == [2, -1, 5])
        #expect((x - 1).values == [0, -3, 3])
        #expect((x / 4).values == [0.25, -0.5, 1])
        #expect((-x).values == [-1, 2, -4])
        #expect(Tensor.broadcastShape([8, 1, 6, 1], [7, 1, 5]) == [8, 7, 6, 5])
    }
}
