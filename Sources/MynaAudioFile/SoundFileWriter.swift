import Foundation
import MynaCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes an audio file through libsndfile, all or nothing.
///
/// Audio goes to a hidden temporary file beside the destination (an `OutputFile`), which `finishWriting()` syncs and
/// renames over the destination, replacing any file there. If a write fails, the writer is released without
/// `finishWriting()`, or the process is interrupted, the temporary file is removed: a failed write leaves nothing
/// behind, never a partial file under the final name, and a file that was there before stays as it was.
///
/// Integer encodings store round(x · 2^(bits−1)) clipped to range (see `SoundFileEncoding`); NaN or infinite samples
/// are refused.
///
/// Thread-safety: safe to share; calls are serialised by an internal lock (buffers from concurrent writers interleave
/// in lock order, which is rarely what you want).
public final class SoundFileWriter: AudioSink, @unchecked Sendable {
    /// The destination path (where the file appears after `finishWriting()`).
    public let path: String
    public let format: AudioFormat
    public let encoding: SoundFileEncoding

    private let lock = NSLock()
    private let output: OutputFile
    private var file: SndFileHandle?
    private var state = State.open
    /// Quantises integer encodings as `SampleQuantizer` does (shared with `SoundFileEncoder`).
    private var frameWriter: QuantizedFrameWriter

    private enum State { case open, finished, failed }

    /// Creates the temporary file for `path`.
    /// - Throws: `AudioIOError` naming `path`: `.invalidFormat` for a rate outside 1…768000 Hz, channels outside 1…64, or
    ///   a format the encoding cannot hold (Opus at 44.1 kHz). `OutputFileError` `.invalidDestination` when the folder is
    ///   missing or not writable, or `path` is a folder (see `OutputFile.checkDestination`).
    public init(path: String, format: AudioFormat, encoding: SoundFileEncoding) throws {
        self.path = path
        self.format = format
        self.encoding = encoding
        frameWriter = QuantizedFrameWriter(encoding: encoding)
        try encoding.requireWritable(format, location: path)
        // The temporary file, its clean-up (errors, release, interrupts) and the final rename belong to OutputFile;
        // libsndfile opens the temporary path itself.
        let output = try OutputFile(path: path)
        self.output = output
        do {
            file = try SndFileHandle.openForWriting(path: output.temporaryPath, location: path, format: format, encoding: encoding)
        } catch {
            output.discard()
            let detail = error.detail
            if SndFileCall.isSystemError(error.number) {
                throw AudioIOError(.writeFailed, location: path, message: "cannot write the file \(detail)")
            }
            throw AudioIOError(.invalidFormat, location: path,
                               message: "\(encoding.displayName) cannot store \(format) audio \(detail)")
        }
        if encoding.needsLibraryClipping { file?.enableClipping() }
    }

    deinit {
        if state != .finished { discardLocked() }
    }

    /// Appends `buffer`, whose format must equal `format`.
    /// - Throws: `AudioIOError` `.invalidArgument` for a format mismatch, non-finite samples or a writer already
    ///   finished or failed; `.writeFailed` when libsndfile cannot write (disk full…), after which the temporary file
    ///   is gone and the writer refuses further writes.
    public func writeFrames(_ buffer: AudioBuffer) throws {
        lock.lock()
        defer { lock.unlock() }
        try requireOpen()
        guard buffer.format == format else {
            throw AudioIOError(.invalidArgument, location: path,
                               message: "cannot append \(buffer.format) audio to a \(format) file")
        }
        guard !buffer.isEmpty, let file else { return }
        let frames = buffer.frameCount
        do {
            try buffer.samples.withUnsafeBufferPointer { samples in
                if let index = SampleQuantizer.firstNonFinite(samples) {
                    throw AudioIOError(.invalidArgument, location: path,
                                       message: "sample \(index) of the buffer is \(samples[index]); refusing to write it")
                }
                try frameWriter.write(samples, frames: frames, to: file)
            }
        } catch let error as AudioIOError where error.code == .invalidArgument {
            throw error
        } catch {
            discardLocked()
            throw error
        }
    }

    /// Closes the file and renames it to `path` (replacing any file there).
    /// - Throws: `AudioIOError` `.writeFailed` when closing fails, `OutputFileError` `.writeFailed` when syncing or
    ///   renaming fails (the temporary file is removed either way),
    ///   `.invalidArgument` when already finished or failed.
    public func finishWriting() throws {
        lock.lock()
        defer { lock.unlock() }
        try requireOpen()
        do {
            try file?.close()
            file = nil
        } catch {
            discardLocked()
            throw error
        }
        do {
            try output.commit()
        } catch {
            state = .failed
            throw error
        }
        state = .finished
    }

    /// `AudioSink` conformance: `writeFrames(_:)` on the caller's task.
    public func write(_ buffer: AudioBuffer) async throws {
        try writeFrames(buffer)
    }

    /// `AudioSink` conformance: `finishWriting()` on the caller's task.
    public func finish() async throws {
        try finishWriting()
    }

    private func requireOpen() throws {
        switch state {
        case .open: return
        case .finished: throw AudioIOError(.invalidArgument, location: path, message: "writer already finished")
        case .failed: throw AudioIOError(.invalidArgument, location: path, message: "writer failed earlier; nothing was written")
        }
    }

    /// Closes without finishing and deletes the temporary file. Caller holds `lock` (or is `deinit`).
    private func discardLocked() {
        try? file?.close()
        file = nil
        output.discard()
        state = .failed
    }
}
