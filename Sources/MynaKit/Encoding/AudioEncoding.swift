import MynaAudioFile
import MynaCore

/// The byte formats Myna can encode audio into in memory (`AudioEncoder`), for answers sent without a file.
public enum AudioEncoding: String, Sendable, CaseIterable, Codable {
    /// WAV, 16-bit PCM: round(x · 32768), clipped, as `myna say -o x.wav` writes.
    case wav16
    /// WAV, 32-bit IEEE float: the samples exactly.
    case wavFloat32
    /// FLAC, 16-bit: lossless, the same samples as `wav16`.
    case flac16
    /// Ogg Opus (lossy; 8, 12, 16, 24 or 48 kHz only: ask `SpeechOptions.sampleRate` for
    /// `supportedSampleRate(near:)`, the encoder refuses other rates rather than resample behind the caller's back).
    case oggOpus
    /// Ogg Vorbis (lossy).
    case oggVorbis
    /// MP3 through LAME (lossy; the nine MPEG rates).
    case mp3
    /// Headerless 16-bit little-endian PCM, quantised as `wav16`; streamed buffer by buffer.
    case pcm16
    /// 16-bit WAV streamed as it is made: the 44-byte header first, with its sizes unknown (0xFFFFFFFF, read by
    /// players and libsndfile up to the end of the stream), then each buffer's samples as `pcm16`. For pipes and
    /// chunked HTTP bodies; where the destination can seek, `StreamingWAVEncoder.sizes` completes the header after.
    case wav16Streamed

    /// The libsndfile encoding, or nil for headerless PCM.
    var soundFileEncoding: SoundFileEncoding? {
        switch self {
        case .wav16: .wav16
        case .wavFloat32: .wavFloat32
        case .flac16: .flac16
        case .oggOpus: .oggOpus
        case .oggVorbis: .oggVorbis
        case .mp3: .mp3
        case .pcm16, .wav16Streamed: nil
        }
    }

    /// Whether decoding gives back the samples exactly, up to 16-bit quantisation where there is one.
    public var isLossless: Bool { soundFileEncoding?.isLossless ?? true }

    /// The only sample rates the codec stores, or nil when any rate will do.
    public var supportedSampleRates: Set<Int>? { soundFileEncoding?.supportedSampleRates }

    /// `rate` if the codec stores it, else the lowest rate it stores above `rate` (no detail lost), else its highest:
    /// 22050 → 24000 for Opus.
    public func supportedSampleRate(near rate: Int) -> Int {
        guard let rates = supportedSampleRates?.sorted(), !rates.contains(rate) else { return rate }
        return rates.first { $0 > rate } ?? rates.last!
    }

    /// The media type of the bytes, for HTTP answers.
    public var mimeType: String {
        switch self {
        case .wav16, .wavFloat32, .wav16Streamed: "audio/wav"
        case .flac16: "audio/flac"
        case .oggOpus: "audio/ogg; codecs=opus"
        case .oggVorbis: "audio/ogg; codecs=vorbis"
        case .mp3: "audio/mpeg"
        case .pcm16: "audio/L16"
        }
    }

    /// The usual file extension (without the dot).
    public var fileExtension: String {
        switch self {
        case .wav16, .wavFloat32, .wav16Streamed: "wav"
        case .flac16: "flac"
        case .oggOpus: "opus"
        case .oggVorbis: "ogg"
        case .mp3: "mp3"
        case .pcm16: "pcm"
        }
    }
}
