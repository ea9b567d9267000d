import Testing
import MynaTensor
import MynaTestSupport

@Suite("Reductions, argmax and softmax")
struct OpReductionTests {
    @Test func sumsMeansAndMaxima() throws {
        let name = "reductions_3x4x5"
        let x = try opGoldens.tensor(name, "x")
        func expected(_ key: String) throws -> Tensor { try opGoldens.tensor(name, key) }
        // Double accumulation: results are the float64 sums rounded once (½ ulp).
        for (axis, key) in [(0, "sum0"), (1, "sum1"), (2, "sum2"), (-1, "sum2")] {
            let result = x.sum(axis: axis)
            #expect(result.shape == (try expected(key)).shape)
            assertClose(result.values, try expected(key).values, atol: 1e-7, rtol: 6e-8, "sum over \(axis)")
        }
        assertClose(x.mean(axis: 1).values, try expected("mean1").values, atol: 1e-7, rtol: 6e-8, "mean")
        #expect(x.max(axis: 0).values == (try expected("max0")).values)
        #expect(x.max(axis: 2).values == (try expected("max2")).values)
        #expect(x.sum(axis: 1, keepingAxis: true).shape == [3, 1, 5])
        #expect(x.argmax(axis: 2) == (try expected("argmax2")).values.map { Int($0) })
        #expect(x.argmax() == Int((try expected("argmax_all")).values[0]))
        assertClose(Double(x.sum()), Double((try expected("sum0")).sum()), atol: 1e-5)
    }

    @Test func argmaxTakesFirstOfTies() {
        #expect(Tensor(shape: [5], values: [1, 3, 3, -1, 3]).argmax() == 1)
    }

    @Test func softmaxAndLogSoftmax() throws {
        let x = try opGoldens.tensor("softmax_7x13", "x")
        // `x − max` rounds to half an ulp of scores up to ~±20 (≤ 2e-6 absolute), which exp turns into that much
        // relative error; plus exp (≤ 2 ulp) and the normalising sum. Measured worst: 9.8e-7 relative, 6e-8 absolute.
        assertClose(x.softmax().values, try opGoldens.tensor("softmax_7x13", "softmax").values, atol: 1e-7, rtol: 4e-6)
        assertClose(x.logSoftmax().values, try opGoldens.tensor("softmax_7x13", "log_softmax").values, atol: 2e-6, rtol: 1e-6)
        let rows = x.softmax().sum(axis: 1)
        assertClose(rows.values, [Float](repeating: 1, count: 7), atol: 1e-6)
    }
}
