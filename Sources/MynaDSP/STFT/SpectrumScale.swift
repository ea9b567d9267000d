/// What each STFT bin becomes.
public enum SpectrumScale: Sendable, Hashable {
    /// `|X|²` (librosa `power=2`, Whisper's `stft.abs() ** 2`).
    case power
    /// `|X|` (librosa `power=1`).
    case magnitude
    /// `√(|X|² + offset)`: HiFi-GAN's `torch.sqrt(spec.pow(2).sum(-1) + 1e-9)` keeps the gradient finite at 0.
    case magnitudeWithPowerOffset(Float)
}
