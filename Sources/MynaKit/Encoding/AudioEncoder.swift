import Foundation
import MynaAudioFile
import MynaCore
import Synchronization

/// Encodes audio to bytes in memory, buffer by buffer: WAV, FLAC, Ogg and MP3 through libsndfile's virtual I/O
/// (`SoundFileEncoder`), headerless 16-bit PCM and streamed WAV through `StreamingWAVEncoder`. Integer formats are
/// quantised as `SoundFileWriter` writes files (round(x · 32768), clipped), so the bytes decode to the samples of
/// `myna say -o x.wav`.
///
/// `append` returns the bytes that are final already: each buffer's bytes for `.pcm16` and `.wav16Streamed` (the
/// header before the first; send them as they come); nothing for the containers, whose headers libsndfile completes at
/// the end, so `finish()` returns the whole file.
///
/// Thread-safety: safe to share (the libsndfile encoder locks); append from one task at a time to keep the order.
public final class AudioEncoder: Sendable {
    public let format: AudioFormat
    public let encoding: AudioEncoding
    private let file: SoundFileEncoder?
    private let pcm: StreamingWAVEncoder?
    /// `.wav16Streamed`: whether the header has been returned yet.
    private let headerSent = Atomic<Bool>(false)

    /// - Throws: `AudioIOError` `.invalidFormat` for a format the encoding cannot store: Opus refuses rates other than
    ///   8, 12, 16, 24 and 48 kHz (resample first: `SpeechOptions.sampleRate = encoding.supportedSampleRate(near:)`),
    ///   MP3 rates other than the nine MPEG ones.
    public init(format: AudioFormat, encoding: AudioEncoding) throws {
        self.format = format
        self.encoding = encoding
        if let soundFileEncoding = encoding.soundFileEncoding {
            file = try SoundFileEncoder(format: format, encoding: soundFileEncoding)
            pcm = nil
        } else {
            file = nil
            pcm = try StreamingWAVEncoder(format: format)
        }
    }

    /// The whole of `audio` as `encoding`.
    public static func encode(_ audio: AudioBuffer, as encoding: AudioEncoding) throws -> Data {
        let encoder = try AudioEncoder(format: audio.format, encoding: encoding)
        var bytes = try encoder.append(audio)
        bytes += try encoder.finish()
        return bytes
    }

    /// Encodes `buffer` (its format must equal `format`) and returns the bytes final already (see the type).
    /// - Throws: `AudioIOError` `.invalidArgument` for a format mismatch or NaN/infinite samples.
    public func append(_ buffer: AudioBuffer) throws -> Data {
        if let file {
            try file.append(buffer)
            return Data()
        }
        guard buffer.format == format else {
            throw AudioIOError(.invalidArgument, location: "PCM stream", message: "cannot append \(buffer.format) audio to \(format) audio")
        }
        let samples = try pcm!.encode(buffer.samples)
        return streamedHeader() + samples
    }

    /// The rest of the bytes: the whole file for containers, nothing for `.pcm16`, the header for a `.wav16Streamed`
    /// stream that had no audio.
    public func finish() throws -> Data {
        if let file { return try file.finish() }
        return streamedHeader()
    }

    /// The WAV header the first time it is asked for in a `.wav16Streamed` stream, else nothing.
    private func streamedHeader() -> Data {
        guard encoding == .wav16Streamed, !headerSent.exchange(true, ordering: .acquiringAndReleasing) else { return Data() }
        return pcm!.header()
    }
}
