import Foundation

/// Resemblyzer's `normalize_volume(wav, target_dBFS, increase_only=True)`: the gain that brings the signal's RMS
/// level to `targetDBFS`, or 1 when the signal is already louder (it is never turned down).
///
/// Level: `20 · log10(rms)` with `rms = sqrt(mean(x²))` of samples in [−1, 1] (Resemblyzer scales by 32767 and back,
/// which cancels). Accumulated in Double.
public enum VolumeNormalization {
    /// The RMS level of `samples` in dBFS (−∞ for silence or no samples).
    public static func rmsDBFS(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return -.infinity }
        var squares = 0.0
        samples.withUnsafeBufferPointer { x in
            for v in x { squares += Double(v) * Double(v) }
        }
        return 20 * log10((squares / Double(samples.count)).squareRoot())
    }

    /// The increase-only gain for a signal at `levelDBFS` (finite) to reach `targetDBFS`.
    public static func gain(levelDBFS: Double, targetDBFS: Double) -> Double {
        let change = targetDBFS - levelDBFS
        return change > 0 ? pow(10, change / 20) : 1
    }

    /// `samples` times `gain`.
    public static func apply(gain: Double, to samples: [Float]) -> [Float] {
        guard gain != 1 else { return samples }
        let g = Float(gain)
        return samples.map { $0 * g }
    }
}
