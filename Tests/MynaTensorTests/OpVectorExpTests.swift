import Foundation
import Testing
import MynaTensor

@Suite("Eight-lane exp (softmax's exp)")
struct OpVectorExpTests {
    /// Distance in units in the last place between two positive finite floats.
    private func ulps(_ a: Float, _ b: Float) -> Int {
        abs(Int(a.bitPattern) - Int(b.bitPattern))
    }

    /// Against glibc's expf (itself within 1 ulp) on a dense grid of the normal range: at most 2 ulp apart.
    @Test func matchesLibmWithinTwoUlp() {
        let count = 400_001
        let values = (0..<count).map { -87.3 + Float($0) * (88.7 + 87.3) / Float(count - 1) }
        var fast = values
        fast.withUnsafeMutableBufferPointer { Kernels.fastExp($0) }
        var worst = 0
        for (x, y) in zip(values, fast) { worst = max(worst, ulps(y, Foundation.exp(x))) }
        #expect(worst <= 2, "worst distance \(worst) ulp")
    }

    @Test func edges() {
        var x: [Float] = [0, -0.0, 1, -1, -88, -100, -.infinity, 89, .infinity, .nan, 88.7, -87.3, 0.5, 2]  // 14: a vector and a tail
        x.withUnsafeMutableBufferPointer { Kernels.fastExp($0) }
        #expect(x[0] == 1 && x[1] == 1)
        #expect(ulps(x[2], Foundation.exp(Float(1))) <= 2 && ulps(x[3], Foundation.exp(Float(-1))) <= 2)
        #expect(x[4] == 0 && x[5] == 0 && x[6] == 0, "below the normal range: 0")
        #expect(x[7] == .infinity && x[8] == .infinity)
        #expect(x[9].isNaN)
        #expect(ulps(x[10], Foundation.exp(Float(88.7))) <= 2 && ulps(x[11], Foundation.exp(Float(-87.3))) <= 2)
    }
}
