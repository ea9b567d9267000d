import Foundation

/// Peak and RMS level of a whole signal (all channels together).
///
/// dBFS here is relative to a full-scale square wave: a full-scale sine has a peak of 0 dBFS and an RMS of −3.01 dBFS
/// (no AES-17 +3 dB correction). Silence and empty audio give −∞.
public struct SoundLevels: Sendable, Hashable {
    /// Frames measured.
    public var frameCount: Int
    /// Largest absolute sample value (linear; 1 is full scale).
    public var peak: Float
    /// Root mean square of all samples of all channels (linear).
    public var rms: Double

    public init(frameCount: Int, peak: Float, rms: Double) {
        self.frameCount = frameCount
        self.peak = peak
        self.rms = rms
    }

    /// 20·log10(peak), in dBFS; −∞ for silence.
    public var peakDBFS: Double { peak > 0 ? 20 * log10(Double(peak)) : -.infinity }
    /// 20·log10(rms), in dBFS; −∞ for silence.
    public var rmsDBFS: Double { rms > 0 ? 20 * log10(rms) : -.infinity }
}
