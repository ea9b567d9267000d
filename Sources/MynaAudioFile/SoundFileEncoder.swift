import Foundation
import MynaCore

/// Encodes audio into bytes in memory through libsndfile's virtual I/O: the same containers and codecs as
/// `SoundFileWriter`, with no file and no temporary file, so a server can answer with the bytes directly.
///
/// Append buffers in order, then `finish()` returns the complete file (headers completed, encoder streams flushed).
/// Integer encodings store `SampleQuantizer`'s round(x · 2^(bits−1)), clipped, exactly as `SoundFileWriter` does, so
/// the bytes decode to the same samples as a file written from the same audio; float WAV stores the floats exactly;
/// lossy codecs get libsndfile's clipping.
///
/// Memory: the whole encoded file is held until `finish()` (libsndfile seeks back to complete WAV and FLAC headers).
///
/// Thread-safety: safe to share; calls are serialised by an internal lock.
public final class SoundFileEncoder: @unchecked Sendable {
    public let format: AudioFormat
    public let encoding: SoundFileEncoding

    private let lock = NSLock()
    private let memory = SndFileMemoryFile()
    private var file: SndFileHandle?
    private var frameWriter: QuantizedFrameWriter
    private var result: Data?
    private let location: String

    /// Opens an encoder of `format` audio as `encoding`.
    /// - Throws: `AudioIOError` `.invalidFormat` for a format the encoding cannot hold (Opus only stores 8, 12, 16, 24
    ///   or 48 kHz: resample first; MP3 the nine MPEG rates), naming the encoding.
    public init(format: AudioFormat, encoding: SoundFileEncoding) throws {
        self.format = format
        self.encoding = encoding
        location = "\(encoding.displayName) in memory"
        frameWriter = QuantizedFrameWriter(encoding: encoding)
        try encoding.requireWritable(format, location: location)
        do {
            file = try SndFileHandle.openForWriting(memory: memory, location: location, format: format, encoding: encoding)
        } catch {
            throw AudioIOError(.invalidFormat, location: location,
                               message: "\(encoding.displayName) cannot store \(format) audio \(error.detail)")
        }
        if encoding.needsLibraryClipping { file?.enableClipping() }
    }

    /// The whole of `buffer` encoded as `encoding` (one encoder, one append, finish).
    public static func encode(_ buffer: AudioBuffer, as encoding: SoundFileEncoding) throws -> Data {
        let encoder = try SoundFileEncoder(format: buffer.format, encoding: encoding)
        try encoder.append(buffer)
        return try encoder.finish()
    }

    /// Appends `buffer`, whose format must equal `format`.
    /// - Throws: `AudioIOError` `.invalidArgument` for a format mismatch, NaN or infinite samples, or an encoder
    ///   already finished; `.writeFailed` when libsndfile fails.
    public func append(_ buffer: AudioBuffer) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let file else {
            throw AudioIOError(.invalidArgument, location: location, message: "encoder already finished")
        }
        guard buffer.format == format else {
            throw AudioIOError(.invalidArgument, location: location, message: "cannot append \(buffer.format) audio to \(format) audio")
        }
        guard !buffer.isEmpty else { return }
        try buffer.samples.withUnsafeBufferPointer { samples in
            if let index = SampleQuantizer.firstNonFinite(samples) {
                throw AudioIOError(.invalidArgument, location: location,
                                   message: "sample \(index) of the buffer is \(samples[index]); refusing to encode it")
            }
            try frameWriter.write(samples, frames: buffer.frameCount, to: file)
        }
    }

    /// Completes the file and returns its bytes; later calls return the same bytes.
    /// - Throws: `AudioIOError` `.writeFailed` when libsndfile cannot complete the stream.
    public func finish() throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        if let result { return result }
        try file?.close()
        file = nil
        result = memory.bytes
        return memory.bytes
    }
}
