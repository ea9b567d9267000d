import Foundation
import MynaCore

/// How `SoundFileWriter` stores audio: container plus codec or sample format.
public enum SoundFileEncoding: String, Sendable, CaseIterable, Codable {
    /// WAV, 16-bit signed PCM. Samples are scaled by 32768, rounded and clipped to [-32768, 32767].
    case wav16
    /// WAV, 24-bit signed PCM (scaled by 2^23, rounded and clipped).
    case wav24
    /// WAV, 32-bit IEEE float (stored exactly, not clipped).
    case wavFloat32
    /// FLAC, 16-bit (lossless; same quantisation as `wav16`).
    case flac16
    /// FLAC, 24-bit (lossless; same quantisation as `wav24`).
    case flac24
    /// Ogg Vorbis at libsndfile's default quality (lossy).
    case oggVorbis
    /// Ogg Opus at libsndfile's default bit rate (lossy; rates 8, 12, 16, 24 or 48 kHz only).
    case oggOpus
    /// MPEG-1/2 layer III through LAME at libsndfile's default settings (lossy).
    case mp3

    /// The encoding a file name asks for: `.wav` → `wav16`, `.flac` → `flac16`, `.ogg`/`.oga` → `oggVorbis`,
    /// `.opus` → `oggOpus`, `.mp3` → `mp3` (case-insensitive).
    /// - Throws: `AudioIOError` `.unsupportedFormat` naming `path` when the extension is missing or unknown.
    public static func forPath(_ path: String) throws -> SoundFileEncoding {
        let pathExtension = URL(fileURLWithPath: path).pathExtension.lowercased()
        switch pathExtension {
        case "wav", "wave": return .wav16
        case "flac": return .flac16
        case "ogg", "oga": return .oggVorbis
        case "opus": return .oggOpus
        case "mp3": return .mp3
        case "":
            throw AudioIOError(.unsupportedFormat, location: path,
                               message: "output file has no extension; use .wav, .flac, .ogg, .opus or .mp3")
        default:
            throw AudioIOError(.unsupportedFormat, location: path,
                               message: "unknown output extension '.\(pathExtension)'; use .wav, .flac, .ogg, .opus or .mp3")
        }
    }

    /// Whether decoding gives back exactly what was written, up to the sample format's quantisation.
    public var isLossless: Bool {
        switch self {
        case .wav16, .wav24, .wavFloat32, .flac16, .flac24: true
        case .oggVorbis, .oggOpus, .mp3: false
        }
    }

    /// The only sample rates the codec can store, or nil when any rate libsndfile accepts will do. Opus encodes at
    /// 8, 12, 16, 24 or 48 kHz; MPEG-1/2/2.5 layer III at the nine rates of those standards.
    public var supportedSampleRates: Set<Int>? {
        switch self {
        case .oggOpus: [8_000, 12_000, 16_000, 24_000, 48_000]
        case .mp3: [8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000]
        default: nil
        }
    }

    /// Bits of the integer sample format, or nil for float and lossy encodings (which libsndfile scales itself).
    var integerBits: Int? {
        switch self {
        case .wav16, .flac16: 16
        case .wav24, .flac24: 24
        case .wavFloat32, .oggVorbis, .oggOpus, .mp3: nil
        }
    }

    /// Human name for messages.
    public var displayName: String {
        switch self {
        case .wav16: "WAV 16-bit PCM"
        case .wav24: "WAV 24-bit PCM"
        case .wavFloat32: "WAV 32-bit float"
        case .flac16: "FLAC 16-bit"
        case .flac24: "FLAC 24-bit"
        case .oggVorbis: "Ogg Vorbis"
        case .oggOpus: "Ogg Opus"
        case .mp3: "MP3"
        }
    }
}
