import Foundation

/// The textbook DFT in double precision: the oracle for FFT sizes of every shape (DESIGN.md §9).
enum NaiveDFT {
    /// `X[k] = Σₙ x[n]·e^(−2πi·kn/N)` for `k` in `0…N/2`, as (real, imaginary) pairs.
    static func forward(_ signal: [Float]) -> [(real: Double, imaginary: Double)] {
        let n = signal.count
        return (0...(n / 2)).map { k in
            var re = 0.0, im = 0.0
            for (index, x) in signal.enumerated() {
                // Reduce k·n modulo N first so the angle stays small and exact.
                let angle = -2 * Double.pi * Double((k * index) % n) / Double(n)
                re += Double(x) * cos(angle)
                im += Double(x) * sin(angle)
            }
            return (re, im)
        }
    }
}
