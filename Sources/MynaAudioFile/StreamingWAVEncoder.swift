import Foundation
import MynaCore

/// 16-bit PCM WAV for a stream that cannot seek (stdout into a pipe), which libsndfile refuses to write ("this file
/// format does not support pipe write").
///
/// The 44-byte canonical header goes first, with the RIFF and data sizes at 0xFFFFFFFF ("unknown, read to the end",
/// as sox and ffmpeg write to pipes; libsndfile, Python's soundfile and ffmpeg read such files to their end). When
/// the stream turns out to be seekable, `completedSizes(dataBytes:)` gives the two real sizes to write back at
/// `riffSizeOffset` and `dataSizeOffset`. Samples are quantised exactly as `SoundFileWriter` writes `.wav16`
/// (`SampleQuantizer`: round(x · 32768), clipped), so `say -o -` and `say -o x.wav` hold the same samples.
public struct StreamingWAVEncoder: Sendable {
    public let format: AudioFormat

    /// Byte offsets of the two size fields in the header.
    public static let riffSizeOffset = 4
    public static let dataSizeOffset = 40
    public static let headerByteCount = 44

    public init(format: AudioFormat) throws {
        guard format.isPlausible else {
            throw AudioIOError(.invalidFormat, location: "WAV stream", message: "cannot write \(format) audio")
        }
        self.format = format
    }

    /// The header, with sizes `dataBytes` when known, else the streaming value 0xFFFFFFFF.
    public func header(dataBytes: Int? = nil) -> Data {
        let channels = UInt16(format.channelCount)
        let blockAlign = channels * 2
        var bytes = Data(capacity: Self.headerByteCount)
        func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        let sizes = Self.sizes(dataBytes: dataBytes)
        bytes.append(contentsOf: Array("RIFF".utf8)); u32(sizes.riff); bytes.append(contentsOf: Array("WAVE".utf8))
        bytes.append(contentsOf: Array("fmt ".utf8)); u32(16)
        u16(1); u16(channels); u32(UInt32(format.sampleRate))
        u32(UInt32(format.sampleRate) * UInt32(blockAlign)); u16(blockAlign); u16(16)
        bytes.append(contentsOf: Array("data".utf8)); u32(sizes.data)
        return bytes
    }

    /// Interleaved samples as 16-bit little-endian PCM.
    /// - Throws: `AudioIOError` `.invalidArgument` for a NaN or infinite sample.
    public func encode(_ samples: [Float]) throws -> Data {
        var values = [Int16](repeating: 0, count: samples.count)
        try samples.withUnsafeBufferPointer { source in
            if let index = SampleQuantizer.firstNonFinite(source) {
                throw AudioIOError(.invalidArgument, location: "WAV stream",
                                   message: "sample \(index) is \(source[index]); refusing to write it")
            }
            values.withUnsafeMutableBufferPointer { SampleQuantizer.toInt16(source, $0) }
        }
        // Host order is little-endian on every CPU Myna builds for (x86-64, arm64).
        return values.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    /// The little-endian RIFF and data sizes for `dataBytes` of samples (0xFFFFFFFF each when unknown or too large).
    public static func sizes(dataBytes: Int?) -> (riff: UInt32, data: UInt32) {
        guard let dataBytes, dataBytes + 36 <= Int(UInt32.max) else { return (.max, .max) }
        return (UInt32(dataBytes + 36), UInt32(dataBytes))
    }
}
