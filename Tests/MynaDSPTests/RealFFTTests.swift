import Foundation
import MynaDSP
import MynaTestSupport
import Testing

@Suite("Real FFT against a naive DFT")
struct RealFFTTests {
    /// Powers of two, the Whisper and HiFi-GAN sizes, odd composites and primes (FFTW's Rader/Bluestein paths).
    static let sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 31, 97, 101, 127, 210, 256, 343, 400, 441, 509, 1000, 1021, 1024]

    @Test("forward transform equals the DFT", arguments: sizes)
    func forwardMatchesDFT(size: Int) throws {
        var random = TestSignals(seed: UInt64(size))
        let signal = random.signal(count: size)
        let fft = try RealFFT(size: size)
        let actual = fft.forward(signal)
        let expected = NaiveDFT.forward(signal)
        #expect(actual.count == size / 2 + 1)
        // Float32 FFT error grows like ε·log N·‖x‖; ‖x‖ ≈ √(N/3) for uniform [-1, 1) samples.
        let tolerance = Float(2e-6 * Double(size).squareRoot() * max(1, log2(Double(size))))
        assertClose(actual.map(\.real), expected.map { Float($0.real) }, atol: tolerance, "real parts, n = \(size)")
        assertClose(actual.map(\.imaginary), expected.map { Float($0.imaginary) }, atol: tolerance,
                    "imaginary parts, n = \(size)")
    }

    @Test("inverse(forward(x)) returns x", arguments: sizes)
    func roundTrip(size: Int) throws {
        var random = TestSignals(seed: 1000 + UInt64(size))
        let signal = random.signal(count: size)
        let fft = try RealFFT(size: size)
        let restored = fft.inverse(fft.forward(signal))
        assertClose(restored, signal, atol: 2e-6 * max(1, Float(log2(Double(size)))), "n = \(size)")
    }

    @Test("one plan serves many threads at once with identical results")
    func concurrentExecution() async throws {
        let fft = try RealFFT(size: 400)
        var random = TestSignals(seed: 7)
        let signals = (0..<16).map { _ in random.signal(count: 400) }
        let serial = signals.map { fft.forward($0) }
        let parallel = await withTaskGroup(of: (Int, [ComplexFloat]).self) { group in
            for (index, signal) in signals.enumerated() {
                group.addTask {
                    let workspace = fft.makeWorkspace()
                    var result: [ComplexFloat] = []
                    for _ in 0..<50 {
                        _ = workspace.signal.update(fromContentsOf: signal)
                        fft.forward(workspace)
                        result = (0..<fft.binCount).map {
                            ComplexFloat(real: workspace.spectrum[2 * $0], imaginary: workspace.spectrum[2 * $0 + 1])
                        }
                    }
                    return (index, result)
                }
            }
            var results = [[ComplexFloat]](repeating: [], count: signals.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        #expect(parallel == serial)
    }

    @Test("plans are made concurrently without corrupting FFTW's planner")
    func concurrentPlanning() async throws {
        let sizes = Array(600..<640)
        let errors = await withTaskGroup(of: Float.self) { group in
            for size in sizes {
                group.addTask {
                    guard let fft = try? RealFFT(size: size) else { return .infinity }
                    var random = TestSignals(seed: UInt64(size))
                    let signal = random.signal(count: size)
                    let restored = fft.inverse(fft.forward(signal))
                    return zip(restored, signal).map { abs($0 - $1) }.max() ?? 0
                }
            }
            var worst: Float = 0
            for await error in group { worst = max(worst, error) }
            return worst
        }
        #expect(errors < 1e-5)
    }
}
