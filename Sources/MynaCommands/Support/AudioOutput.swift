import Foundation
import MynaKit

/// Where a command's audio goes with `-o PATH`: a file (all or nothing, encoding from the extension), or stdout for
/// `-o -` (16-bit WAV, streamed as it is made; the header is completed at the end when stdout is a regular file).
enum AudioOutput {
    /// The `-o` value that means stdout.
    static let standardOutput = "-"

    /// Checks, before any work, that `path` can take audio: a known extension and a writable place; for stdout, that
    /// it is not a terminal (binary audio would garble it).
    /// - Throws: `AudioIOError` `.unsupportedFormat` for an unknown extension, `OutputFileError` `.invalidDestination`.
    static func check(_ path: String) throws {
        if path == standardOutput {
            guard !StandardOutput.isTerminal else {
                throw OutputFileError(.invalidDestination, location: StandardOutput.name, message: """
                    is a terminal; '-o -' writes binary WAV audio there: redirect it to a file or pipe it into a player
                    """)
            }
            return
        }
        _ = try SoundFileEncoding.forPath(path)
        try OutputFile.checkDestination(path)
    }

    /// Opens the destination for `format` audio.
    static func open(_ path: String, format: AudioFormat) throws -> any AudioFrameWriter {
        if path == standardOutput { return try StandardOutputWAV(format: format) }
        return try SoundFileWriter(path: path, format: format, encoding: SoundFileEncoding.forPath(path))
    }
}

/// A synchronous audio destination: frames in order, then `finishWriting()` (nothing is complete before).
protocol AudioFrameWriter: AnyObject {
    func writeFrames(_ buffer: AudioBuffer) throws
    func finishWriting() throws
}

extension SoundFileWriter: AudioFrameWriter {}

/// 16-bit WAV on stdout, written as it comes (`AudioEncoding.wav16Streamed`).
final class StandardOutputWAV: AudioFrameWriter {
    private let encoder: AudioEncoder
    /// Bytes written so far, header included.
    private var byteCount = 0

    init(format: AudioFormat) throws {
        encoder = try AudioEncoder(format: format, encoding: .wav16Streamed)
    }

    func writeFrames(_ buffer: AudioBuffer) throws {
        try write(encoder.append(buffer))
    }

    /// Writes the header if nothing was written, and completes its sizes when stdout is a regular file.
    func finishWriting() throws {
        try write(encoder.finish())
        // A pipe cannot seek; a file opened for appending (>>) would take pwrite's bytes at its end.
        guard StandardOutput.isSeekable, fcntl(STDOUT_FILENO, F_GETFL) & O_APPEND == 0 else { return }
        let sizes = StreamingWAVEncoder.sizes(dataBytes: byteCount - StreamingWAVEncoder.headerByteCount)
        // The header sits where stdout's file offset was when the command started writing (usually 0).
        let start = lseek(STDOUT_FILENO, 0, SEEK_CUR) - off_t(byteCount)
        guard start >= 0 else { return }
        for (offset, value) in [(StreamingWAVEncoder.riffSizeOffset, sizes.riff), (StreamingWAVEncoder.dataSizeOffset, sizes.data)] {
            var little = value.littleEndian
            guard pwrite(STDOUT_FILENO, &little, 4, start + off_t(offset)) == 4 else {
                throw OutputFileError(.writeFailed, location: StandardOutput.name,
                                      message: "cannot complete the WAV header: \(String(cString: strerror(errno)))")
            }
        }
    }

    private func write(_ bytes: Data) throws {
        guard !bytes.isEmpty else { return }
        try StandardOutput.write(bytes)
        byteCount += bytes.count
    }
}
