import Foundation

/// A mapping between frequency in Hz and the mel scale.
public enum MelScale: String, Sendable, Hashable, Codable {
    /// Slaney's Auditory Toolbox scale (librosa's default, `htk=False`): linear below 1 kHz (3 mels per 200 Hz),
    /// logarithmic above (27 mels per factor 6.4).
    case slaney
    /// The HTK formula `2595 · log10(1 + f / 700)` (librosa `htk=True`).
    case htk

    /// Mels for `hertz`.
    public func mel(fromHertz hertz: Double) -> Double {
        switch self {
        case .htk:
            return 2595 * log10(1 + hertz / 700)
        case .slaney:
            if hertz >= Self.slaneyBreakHertz {
                return Self.slaneyBreakMel + log(hertz / Self.slaneyBreakHertz) / Self.slaneyLogStep
            }
            return hertz / Self.slaneyHertzPerMel
        }
    }

    /// Hz for `mel`.
    public func hertz(fromMel mel: Double) -> Double {
        switch self {
        case .htk:
            return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            if mel >= Self.slaneyBreakMel {
                return Self.slaneyBreakHertz * exp(Self.slaneyLogStep * (mel - Self.slaneyBreakMel))
            }
            return mel * Self.slaneyHertzPerMel
        }
    }

    // Slaney's constants as librosa.core.convert.hz_to_mel spells them.
    private static let slaneyHertzPerMel = 200.0 / 3
    private static let slaneyBreakHertz = 1000.0
    private static let slaneyBreakMel = slaneyBreakHertz / slaneyHertzPerMel
    private static let slaneyLogStep = log(6.4) / 27
}
