internal import CSndFile
import MynaCore

/// Owns one open libsndfile `SNDFILE*` and closes it exactly once (in `close()` or in `deinit`).
///
/// Not thread-safe: `SoundFileReader` and `SoundFileWriter` serialise every call under their own lock.
final class SndFileHandle {
    /// The stream's properties as libsndfile reports them after opening, in Swift types.
    struct Properties {
        /// Frames libsndfile will deliver (for WAV-like files already reduced to the data actually present).
        var frames: Int64
        var sampleRate: Int
        var channelCount: Int
        /// libsndfile's `SF_FORMAT_TYPEMASK` part (container).
        var container: Int32
        /// libsndfile's `SF_FORMAT_SUBMASK` part (codec / sample format).
        var subtype: Int32
    }

    private var handle: OpaquePointer?
    /// Keeps the in-memory file alive while libsndfile holds a pointer to it.
    private let memoryFile: SndFileMemoryFile?
    /// The path or name used in error messages.
    let location: String
    let properties: Properties

    private init(handle: OpaquePointer, info: SF_INFO, memoryFile: SndFileMemoryFile?, location: String) {
        self.handle = handle
        self.memoryFile = memoryFile
        self.location = location
        properties = Properties(frames: info.frames, sampleRate: Int(info.samplerate), channelCount: Int(info.channels),
                                container: info.format & Int32(SF_FORMAT_TYPEMASK),
                                subtype: info.format & Int32(SF_FORMAT_SUBMASK))
    }

    deinit {
        if let handle { sf_close(handle) }
    }

    /// Opens `path` for reading; failures carry libsndfile's error number so the caller can refine the message.
    static func openForReading(path: String, location: String) throws(SndFileOpenFailure) -> SndFileHandle {
        var info = SF_INFO()
        SndFileCall.openLock.lock()
        defer { SndFileCall.openLock.unlock() }
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            throw SndFileOpenFailure(number: sf_error(nil), text: String(cString: sf_strerror(nil)))
        }
        return SndFileHandle(handle: handle, info: info, memoryFile: nil, location: location)
    }

    /// Opens an in-memory file for reading through libsndfile's virtual I/O.
    static func openForReading(memory: SndFileMemoryFile, location: String) throws(SndFileOpenFailure) -> SndFileHandle {
        var info = SF_INFO()
        var io = SndFileMemoryFile.virtualIO
        SndFileCall.openLock.lock()
        defer { SndFileCall.openLock.unlock() }
        guard let handle = sf_open_virtual(&io, Int32(SFM_READ), &info, Unmanaged.passUnretained(memory).toOpaque()) else {
            throw SndFileOpenFailure(number: sf_error(nil), text: String(cString: sf_strerror(nil)))
        }
        return SndFileHandle(handle: handle, info: info, memoryFile: memory, location: location)
    }

    /// Creates (truncating) `path` for writing `format` audio as `encoding`.
    static func openForWriting(path: String, location: String, format: AudioFormat,
                               encoding: SoundFileEncoding) throws(SndFileOpenFailure) -> SndFileHandle {
        var info = writeInfo(format, encoding)
        SndFileCall.openLock.lock()
        defer { SndFileCall.openLock.unlock() }
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw SndFileOpenFailure(number: sf_error(nil), text: String(cString: sf_strerror(nil)))
        }
        return SndFileHandle(handle: handle, info: info, memoryFile: nil, location: location)
    }

    /// Opens the empty in-memory file `memory` for writing `format` audio as `encoding` (virtual I/O, no file system).
    static func openForWriting(memory: SndFileMemoryFile, location: String, format: AudioFormat,
                               encoding: SoundFileEncoding) throws(SndFileOpenFailure) -> SndFileHandle {
        var info = writeInfo(format, encoding)
        var io = SndFileMemoryFile.virtualIO
        SndFileCall.openLock.lock()
        defer { SndFileCall.openLock.unlock() }
        guard let handle = sf_open_virtual(&io, Int32(SFM_WRITE), &info, Unmanaged.passUnretained(memory).toOpaque()) else {
            throw SndFileOpenFailure(number: sf_error(nil), text: String(cString: sf_strerror(nil)))
        }
        return SndFileHandle(handle: handle, info: info, memoryFile: memory, location: location)
    }

    /// The SF_INFO that asks libsndfile to write `format` audio as `encoding`.
    private static func writeInfo(_ format: AudioFormat, _ encoding: SoundFileEncoding) -> SF_INFO {
        var info = SF_INFO()
        info.samplerate = Int32(format.sampleRate)
        info.channels = Int32(format.channelCount)
        info.format = encoding.sndFileFormat
        return info
    }

    /// Whether libsndfile can write `format` audio as `encoding` (`sf_format_check`).
    static func canWrite(_ format: AudioFormat, as encoding: SoundFileEncoding) -> Bool {
        var info = SF_INFO()
        info.samplerate = Int32(clamping: format.sampleRate)
        info.channels = Int32(clamping: format.channelCount)
        info.format = encoding.sndFileFormat
        return sf_format_check(&info) != 0
    }

    /// libsndfile's parse log for this file (header fields, and lines like `data : 308960 (should be 99956)` when the
    /// header promises more data than the file holds).
    var logText: String {
        guard let handle else { return "" }
        var buffer = [CChar](repeating: 0, count: 16_384)
        let length = sf_command(handle, Int32(SFC_GET_LOG_INFO), &buffer, Int32(buffer.count))
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Turns clipping of out-of-range floats on for integer and lossy encodings (libsndfile otherwise wraps around).
    func enableClipping() {
        guard let handle else { return }
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    }

    /// Reads up to `frames` interleaved frames as Float32 normalised to [-1, 1) (integer PCM is divided by 2^(bits-1)).
    /// Returns the frames read (0 at the end) and, when libsndfile recorded a decoding error during the read, that
    /// error; frames read before the error are valid.
    func readFloat(into destination: UnsafeMutablePointer<Float>, frames: Int) -> (frames: Int, failure: AudioIOError?) {
        guard let handle else { preconditionFailure("read from a closed libsndfile handle") }
        let count = Int(sf_readf_float(handle, destination, sf_count_t(frames)))
        guard sf_error(handle) == 0 else {
            return (count, SndFileCall.error("sf_readf_float", handle: handle, code: .unreadable, location: location,
                                             problem: "cannot decode audio data"))
        }
        return (count, nil)
    }

    /// Rewinds to the first frame (`sf_seek`).
    func seekToStart() throws {
        guard let handle else { preconditionFailure("seek in a closed libsndfile handle") }
        if sf_seek(handle, 0, SEEK_SET) != 0 {
            throw SndFileCall.error("sf_seek", handle: handle, code: .unreadable, location: location,
                                    problem: "cannot rewind after counting frames")
        }
    }

    /// Whether libsndfile reports the length as unknown (`SF_COUNT_MAX`), as for FLAC written by a streaming encoder
    /// and Ogg streams without their end-of-stream page.
    var lengthIsUnknown: Bool { properties.frames == Int64.max }  // SF_COUNT_MAX

    /// Writes `frames` interleaved Float32 frames (for float, lossy and libsndfile-scaled encodings).
    func writeFloat(_ source: UnsafePointer<Float>, frames: Int) throws {
        guard let handle else { preconditionFailure("write to a closed libsndfile handle") }
        let written = sf_writef_float(handle, source, sf_count_t(frames))
        try checkWrite(written, of: frames, call: "sf_writef_float")
    }

    /// Writes `frames` interleaved 16-bit frames exactly as given.
    func writeShort(_ source: UnsafePointer<Int16>, frames: Int) throws {
        guard let handle else { preconditionFailure("write to a closed libsndfile handle") }
        let written = sf_writef_short(handle, source, sf_count_t(frames))
        try checkWrite(written, of: frames, call: "sf_writef_short")
    }

    /// Writes `frames` interleaved 32-bit frames (24-bit encodings keep the top 24 bits).
    func writeInt(_ source: UnsafePointer<Int32>, frames: Int) throws {
        guard let handle else { preconditionFailure("write to a closed libsndfile handle") }
        let written = sf_writef_int(handle, source, sf_count_t(frames))
        try checkWrite(written, of: frames, call: "sf_writef_int")
    }

    private func checkWrite(_ written: sf_count_t, of frames: Int, call: String) throws {
        if written != sf_count_t(frames) || sf_error(handle) != 0 {
            throw SndFileCall.error(call, handle: handle, code: .writeFailed, location: location,
                                    problem: "wrote \(written) of \(frames) frames")
        }
    }

    /// Closes the file, finalising headers and encoder streams; throws when libsndfile reports a failure.
    func close() throws {
        guard let handle else { return }
        self.handle = nil
        try SndFileCall.check(sf_close(handle), "sf_close", code: .writeFailed, location: location,
                              problem: "cannot finish the file")
    }
}
