internal import CFFTW
import Foundation
import MynaCore

/// The one place MynaDSP calls FFTW (single precision, `fftwf_*`; DESIGN.md §6: one funnel per C library).
///
/// FFTW's planner keeps global state and is not thread-safe, so every planner call and every plan destruction runs
/// under `plannerLock`. Executing a plan is thread-safe with the new-array functions (`fftwf_execute_dft_r2c` and
/// `fftwf_execute_dft_c2r` on the caller's arrays), so one cached plan serves all threads. Those functions need
/// arrays with the same SIMD alignment as the ones the plan was made with: plans are made on 64-byte-aligned
/// arrays and every `FFTWorkspace` is 64-byte aligned.
///
/// Planner flag: `FFTW_ESTIMATE`. Measured on this machine kind (size 400: 0.233 µs per r2c transform with either
/// flag; 1024 and 2048: `FFTW_MEASURE` 6–7 % faster), `FFTW_MEASURE` costs 70–140 ms of planning per size and may
/// pick a different plan on each run, so results would not be reproducible bit for bit. Estimate is deterministic.
enum FFTW {
    /// The direction of a real transform.
    enum Direction: Hashable, Sendable { case forward, inverse }

    static let plannerLock = NSLock()
    nonisolated(unsafe) private static var cache: [PlanKey: FFTWPlan] = [:]

    private struct PlanKey: Hashable { var size: Int; var direction: Direction }

    /// The cached plan for a real transform of `size` points, planned on first use.
    static func plan(size: Int, direction: Direction) throws(FeatureError) -> FFTWPlan {
        plannerLock.lock()
        defer { plannerLock.unlock() }
        let key = PlanKey(size: size, direction: direction)
        if let plan = cache[key] { return plan }
        guard size >= 1, size <= Int(Int32.max) else {
            throw FeatureError(.libraryFailure, message: "FFT size \(size) is outside 1…\(Int32.max)")
        }
        // Planning scratch: FFTW_ESTIMATE does not touch the arrays' contents, only their alignment matters.
        let input = UnsafeMutableRawPointer.allocate(byteCount: (size + 2) * MemoryLayout<Float>.stride, alignment: 64)
        let output = UnsafeMutableRawPointer.allocate(byteCount: (size + 2) * MemoryLayout<Float>.stride, alignment: 64)
        defer { input.deallocate(); output.deallocate() }
        let raw: fftwf_plan?
        let call: String
        switch direction {
        case .forward:
            call = "fftwf_plan_dft_r2c_1d"
            raw = fftwf_plan_dft_r2c_1d(Int32(size), input.assumingMemoryBound(to: Float.self),
                                        output.assumingMemoryBound(to: fftwf_complex.self), UInt32(FFTW_ESTIMATE))
        case .inverse:
            call = "fftwf_plan_dft_c2r_1d"
            raw = fftwf_plan_dft_c2r_1d(Int32(size), input.assumingMemoryBound(to: fftwf_complex.self),
                                        output.assumingMemoryBound(to: Float.self),
                                        UInt32(FFTW_ESTIMATE | FFTW_DESTROY_INPUT))
        }
        guard let raw else {
            throw FeatureError(.libraryFailure, message: "\(call)(n: \(size)) returned NULL (FFTW could not plan)")
        }
        let plan = FFTWPlan(raw: raw, size: size, direction: direction)
        cache[key] = plan
        return plan
    }

    /// Real to complex: `size` floats in, `size / 2 + 1` interleaved (real, imaginary) pairs out.
    /// Both pointers must be 16-byte aligned (FFTW's SIMD alignment) like the planning arrays.
    @inline(__always)
    static func executeForward(_ plan: FFTWPlan, input: UnsafeMutablePointer<Float>,
                               output: UnsafeMutablePointer<Float>) {
        // The interleaved (real, imaginary) floats are FFTW's `fftwf_complex` (`float[2]`) layout; FFTW only
        // reads and writes them, Swift never dereferences the complex view.
        fftwf_execute_dft_r2c(plan.raw, input, UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftwf_complex.self))
    }

    /// Complex to real, unnormalised (the result is `size` times the inverse DFT); destroys `input`.
    @inline(__always)
    static func executeInverse(_ plan: FFTWPlan, input: UnsafeMutablePointer<Float>,
                               output: UnsafeMutablePointer<Float>) {
        fftwf_execute_dft_c2r(plan.raw, UnsafeMutableRawPointer(input).assumingMemoryBound(to: fftwf_complex.self), output)
    }

    /// FFTW's alignment class of a pointer (0 when SIMD-aligned); new-array execution needs the planning class.
    static func alignmentClass(of pointer: UnsafeMutableRawPointer) -> Int {
        Int(fftwf_alignment_of(pointer.assumingMemoryBound(to: Float.self)))
    }
}

/// One FFTW plan; frees it (under the planner lock) when the last reference goes.
///
/// `@unchecked Sendable`: the plan is immutable after creation and FFTW documents `fftwf_execute_dft_*` on a plan
/// as safe to call from several threads at once; destruction takes the planner lock.
final class FFTWPlan: @unchecked Sendable {
    fileprivate let raw: fftwf_plan
    let size: Int
    let direction: FFTW.Direction

    fileprivate init(raw: fftwf_plan, size: Int, direction: FFTW.Direction) {
        self.raw = raw
        self.size = size
        self.direction = direction
    }

    deinit {
        FFTW.plannerLock.lock()
        fftwf_destroy_plan(raw)
        FFTW.plannerLock.unlock()
    }
}
