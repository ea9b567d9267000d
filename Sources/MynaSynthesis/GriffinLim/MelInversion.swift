import MynaCore
import MynaDSP
import MynaTensor

/// Linear-frequency magnitudes from mel magnitudes: the least-squares inverse of a `MelFilterbank` kept non-negative.
///
/// 1. Ridge-regularised pseudo-inverse, `S₀ = max(Mᵀ (M Mᵀ + λI)⁻¹ · mel, floor)` with `λ = 1e-6 · mean diag(M Mᵀ)`
///    (the 80 × 80 system is solved once by Cholesky in double precision).
/// 2. Multiplicative non-negative least-squares updates (Lee & Seung 2001 for ‖mel − M S‖² with M fixed):
///    `S ← S ⊙ Mᵀ mel / (Mᵀ (M S) + ε)`, which keep S ≥ 0 and do not increase the residual (librosa's
///    `mel_to_stft` solves the same problem with bounded L-BFGS).
///
/// Bins no filter covers (above `fmax`) come out 0. Thread-safety: immutable; share freely.
public struct MelInversion: Sendable {
    public let filterbank: MelFilterbank
    /// `(binCount, melCount)` pseudo-inverse, row-major.
    let pseudoInverse: [Float]

    public init(filterbank: MelFilterbank) {
        self.filterbank = filterbank
        let mels = filterbank.melCount, bins = filterbank.binCount
        let m = filterbank.weights.map(Double.init)
        // Gram = M Mᵀ (mels × mels), regularised.
        var gram = [Double](repeating: 0, count: mels * mels)
        for i in 0..<mels {
            for j in 0...i {
                var sum = 0.0
                for k in 0..<bins { sum += m[i * bins + k] * m[j * bins + k] }
                gram[i * mels + j] = sum
                gram[j * mels + i] = sum
            }
        }
        let meanDiagonal = (0..<mels).reduce(0.0) { $0 + gram[$1 * mels + $1] } / Double(mels)
        for i in 0..<mels { gram[i * mels + i] += 1e-6 * max(meanDiagonal, .leastNormalMagnitude) }
        let inverse = Self.choleskyInverse(gram, size: mels)
        // P = Mᵀ · inverse: (bins × mels)
        var p = [Float](repeating: 0, count: bins * mels)
        for k in 0..<bins {
            for j in 0..<mels {
                var sum = 0.0
                for i in 0..<mels { sum += m[i * bins + k] * inverse[i * mels + j] }
                p[k * mels + j] = Float(sum)
            }
        }
        pseudoInverse = p
    }

    /// Magnitudes `(binCount, frames)` whose mel projection best matches `mel (melCount, frames)` (linear, not log).
    /// - Parameter iterations: multiplicative updates after the pseudo-inverse.
    public func magnitudes(fromMel mel: [Float], frames: Int, iterations: Int) -> [Float] {
        let mels = filterbank.melCount, bins = filterbank.binCount
        precondition(mel.count == mels * frames, "MelInversion: \(mel.count) values for \(mels) × \(frames)")
        guard frames > 0 else { return [] }
        var s = [Float](repeating: 0, count: bins * frames)
        var numerator = s, denominator = s
        var projected = [Float](repeating: 0, count: mels * frames)
        let floor: Float = 1e-8
        filterbank.weights.withUnsafeBufferPointer { m in
            pseudoInverse.withUnsafeBufferPointer { p in
                mel.withUnsafeBufferPointer { y in
                    s.withUnsafeMutableBufferPointer { s in
                        // S₀ = P · mel, floored so the multiplicative updates can move every covered bin.
                        Kernels.gemm(m: bins, n: frames, k: mels, a: p.baseAddress!, lda: mels, b: y.baseAddress!,
                                     ldb: frames, c: s.baseAddress!, ldc: frames)
                        numerator.withUnsafeMutableBufferPointer { numerator in
                            // Mᵀ mel, fixed.
                            Kernels.gemm(transposeA: true, m: bins, n: frames, k: mels, a: m.baseAddress!, lda: bins,
                                         b: y.baseAddress!, ldb: frames, c: numerator.baseAddress!, ldc: frames)
                            for i in 0..<s.count { s[i] = numerator[i] > 0 ? Swift.max(s[i], floor) : 0 }
                            denominator.withUnsafeMutableBufferPointer { denominator in
                                projected.withUnsafeMutableBufferPointer { projected in
                                    for _ in 0..<iterations {
                                        // Mᵀ (M S)
                                        Kernels.gemm(m: mels, n: frames, k: bins, a: m.baseAddress!, lda: bins,
                                                     b: s.baseAddress!, ldb: frames, c: projected.baseAddress!, ldc: frames)
                                        Kernels.gemm(transposeA: true, m: bins, n: frames, k: mels, a: m.baseAddress!,
                                                     lda: bins, b: projected.baseAddress!, ldb: frames,
                                                     c: denominator.baseAddress!, ldc: frames)
                                        for i in 0..<s.count where s[i] > 0 {
                                            s[i] *= numerator[i] / (denominator[i] + 1e-12)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return s
    }

    /// `‖M·magnitudes − mel‖ / ‖mel‖` (Frobenius).
    public func relativeResidual(magnitudes: [Float], mel: [Float], frames: Int) -> Double {
        let mels = filterbank.melCount, bins = filterbank.binCount
        var residual = 0.0, norm = 0.0
        for i in 0..<mels {
            for t in 0..<frames {
                var sum = 0.0
                for k in 0..<bins { sum += Double(filterbank.weights[i * bins + k]) * Double(magnitudes[k * frames + t]) }
                let target = Double(mel[i * frames + t])
                residual += (sum - target) * (sum - target)
                norm += target * target
            }
        }
        return (residual / max(norm, .leastNormalMagnitude)).squareRoot()
    }

    /// The inverse of a symmetric positive definite matrix by Cholesky factorisation (`size` ≤ a few hundred).
    static func choleskyInverse(_ a: [Double], size n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    l[i * n + i] = max(sum, .leastNormalMagnitude).squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        // Solve L Lᵀ X = I column by column.
        var inverse = [Double](repeating: 0, count: n * n)
        var y = [Double](repeating: 0, count: n)
        for column in 0..<n {
            for i in 0..<n {
                var sum = i == column ? 1.0 : 0.0
                for k in 0..<i { sum -= l[i * n + k] * y[k] }
                y[i] = sum / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = y[i]
                for k in (i + 1)..<n { sum -= l[k * n + i] * inverse[k * n + column] }
                inverse[i * n + column] = sum / l[i * n + i]
            }
        }
        return inverse
    }
}
