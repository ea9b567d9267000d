/// The sample formats Myna negotiates with an ALSA device, in order of preference.
///
/// 32-bit float comes first (no conversion; what `plughw` and `default` offer), 16-bit signed integer second (what
/// nearly every `hw` device takes). Both are little-endian, as on every host Myna builds for.
public enum ALSASampleFormat: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// `SND_PCM_FORMAT_FLOAT_LE`.
    case float32LittleEndian = "FLOAT_LE"
    /// `SND_PCM_FORMAT_S16_LE`, scaled by 32768 (the scaling libsndfile uses, so 16-bit audio captured from a device
    /// equals the same samples read from a 16-bit file).
    case int16LittleEndian = "S16_LE"

    /// Bytes in one sample of one channel.
    public var bytesPerSample: Int {
        switch self {
        case .float32LittleEndian: 4
        case .int16LittleEndian: 2
        }
    }

    /// ALSA's name for the format (`FLOAT_LE`, `S16_LE`).
    public var description: String { rawValue }
}
