import Foundation
import MynaCore

/// Reads audio files through libsndfile: WAV (PCM 8/16/24/32-bit, float), FLAC, Ogg Vorbis, Ogg Opus, MP3, AIFF and
/// the other containers libsndfile 1.2 decodes.
///
/// Samples come out as interleaved Float32: integer PCM divided by 2^(bits−1) (so 16-bit −32768…32767 becomes
/// −1…32767/32768), float files as stored. Reading is block by block, so a two-hour file streams in constant memory.
///
/// A file cut short is an error, not short output. When the header promised more frames than the data holds (WAV,
/// AIFF, FLAC, MP3 with a Xing/LAME header), the frames that are present are returned and then the read that reaches
/// the end throws `AudioIOError` `.truncated` ("truncated: header says N frames, read M"). An Ogg stream that lacks its
/// end-of-stream page is refused when opened. (An Ogg file cut exactly at a stream boundary, or an MP3 without a
/// length tag, cannot be told from a shorter complete file.)
///
/// Thread-safety: safe to share; every call takes an internal lock, so concurrent callers receive disjoint consecutive
/// blocks.
public final class SoundFileReader: AudioSource, @unchecked Sendable {
    /// Sample rate and channel count of every buffer this reader returns.
    public let format: AudioFormat
    /// Frames the header promises. Where the header gives no length (FLAC from a streaming encoder), the file is
    /// decoded once when opened to count them; for MP3 without a Xing/LAME header, libmpg123's estimate.
    public let frameCount: Int
    /// Container, codec, frames, rate and channels.
    public let info: SoundFileInfo
    /// The path, or the name given for in-memory data; used in every error.
    public let location: String

    /// Block size used by `readAll`, `readRemaining` and `measureLevels`: 64 Ki frames (256 KiB per mono block).
    public static let defaultBlockFrames = 65_536
    /// The most frames one `readFrames` call returns (16 Mi frames), whatever `maxFrames` asks for.
    public static let maximumBlockFrames = 1 << 24

    private let lock = NSLock()
    private let file: SndFileHandle
    /// Whether falling short of `frameCount` means the file was cut.
    private let frameCountIsExact: Bool
    private var framesDelivered = 0
    private var reachedEnd = false
    /// Thrown by every read once the end has been reached with an error (sticky, so no caller mistakes it for the end).
    private var pendingError: AudioIOError?

    /// Opens the audio file at `path`.
    /// - Throws: `AudioIOError` naming `path`: `.notFound`, `.notAFile` (a directory), `.empty` (0 bytes), `.unreadable`,
    ///   `.unsupportedFormat` (not audio, or a codec libsndfile cannot decode), `.invalidFormat` (malformed header,
    ///   rate outside 1…768000 Hz, channels outside 1…64), `.truncated` (header or Ogg stream cut short).
    public convenience init(path: String) throws {
        try InputFileCheck.validate(path: path)
        let file: SndFileHandle
        do {
            file = try SndFileHandle.openForReading(path: path, location: path)
        } catch {
            throw Self.openError(error, location: path, leadingBytes: InputFileCheck.bytes(path: path, offset: 0, count: 4096))
        }
        try self.init(file: file, location: path) { offset, count in InputFileCheck.bytes(path: path, offset: offset, count: count) }
    }

    /// Reads audio held in memory (an upload, for example); `name` stands for the file in errors.
    /// - Throws: as `init(path:)`, with `name` as the location; `.empty` for empty data.
    public convenience init(data: Data, name: String) throws {
        guard !data.isEmpty else { throw AudioIOError(.empty, location: name, message: "no data (0 bytes)") }
        let file: SndFileHandle
        do {
            file = try SndFileHandle.openForReading(memory: SndFileMemoryFile(data), location: name)
        } catch {
            throw Self.openError(error, location: name, leadingBytes: data.prefix(4096))
        }
        try self.init(file: file, location: name) { offset, count in
            let start = data.startIndex + min(offset, data.count)
            return data[start..<(start + min(count, data.endIndex - start))]
        }
    }

    private init(file: SndFileHandle, location: String, bytes: (Int, Int) -> Data) throws {
        let properties = file.properties
        guard (1...AudioFormat.maximumChannelCount).contains(properties.channelCount) else {
            throw AudioIOError(.invalidFormat, location: location, message: """
                header declares \(properties.channelCount) channels (Myna accepts 1…\(AudioFormat.maximumChannelCount))
                """)
        }
        guard (1...AudioFormat.maximumSampleRate).contains(properties.sampleRate) else {
            throw AudioIOError(.invalidFormat, location: location, message: """
                header declares a sample rate of \(properties.sampleRate) Hz (Myna accepts 1…\(AudioFormat.maximumSampleRate) Hz)
                """)
        }
        self.file = file
        self.location = location
        format = AudioFormat(sampleRate: properties.sampleRate, channelCount: properties.channelCount)

        var promisedFrames = properties.frames
        if file.lengthIsUnknown {
            if properties.isOgg {
                throw AudioIOError(.truncated, location: location,
                                   message: "truncated: the Ogg stream ends without its end-of-stream page")
            }
            promisedFrames = try Self.countFrames(file, channelCount: properties.channelCount)
        } else if properties.hasSizedDataChunk, let bytesPerFrame = properties.uncompressedBytesPerFrame,
                  let declared = TruncationLog.declaredFrames(log: file.logText, bytesPerFrame: bytesPerFrame),
                  declared > promisedFrames {
            // libsndfile shortened an over-long data chunk to what is present; hold the file to its header.
            promisedFrames = declared
        }
        frameCount = Int(promisedFrames)
        frameCountIsExact = !properties.isMPEG || MPEGLengthTag.isPresent(bytes: bytes)
        info = SoundFileInfo(container: properties.containerName, codec: properties.codecName, frameCount: frameCount,
                             sampleRate: properties.sampleRate, channelCount: properties.channelCount)
    }

    /// Decodes the whole stream once to count its frames, then rewinds.
    private static func countFrames(_ file: SndFileHandle, channelCount: Int) throws -> Int64 {
        let blockFrames = defaultBlockFrames
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: blockFrames * channelCount)
        defer { scratch.deallocate() }
        var total: Int64 = 0
        while true {
            let result = file.readFloat(into: scratch, frames: blockFrames)
            if let failure = result.failure { throw failure }
            if result.frames == 0 { break }
            total += Int64(result.frames)
        }
        try file.seekToStart()
        return total
    }

    private static func openError(_ failure: SndFileOpenFailure, location: String, leadingBytes: Data) -> AudioIOError {
        let detail = failure.detail
        if let diagnosis = SoundFileDiagnosis.diagnose(leadingBytes: leadingBytes) {
            return AudioIOError(diagnosis.code, location: location, message: "\(diagnosis.problem) \(detail)")
        }
        let (code, problem) = SndFileCall.classifyOpenFailure(failure.number)
        return AudioIOError(code, location: location, message: "\(problem) \(detail)")
    }

    /// Up to `maxFrames` frames, or nil once every frame has been returned. Never returns an empty buffer.
    /// - Throws: `AudioIOError` `.truncated` when the data ended before the header's frame count, `.unreadable` when
    ///   decoding failed; the frames decoded before the failure are returned first, then this and every later call
    ///   throws.
    public func readFrames(maxFrames: Int) throws -> AudioBuffer? {
        precondition(maxFrames > 0, "maxFrames must be positive")
        lock.lock()
        defer { lock.unlock() }
        if let pendingError { throw pendingError }
        if reachedEnd { return nil }
        let channels = format.channelCount
        // Bound the allocation: a caller asking for "everything" with Int.max still gets blocks.
        let request = min(maxFrames, Self.maximumBlockFrames)
        var failure: Error?
        let samples = [Float](unsafeUninitializedCapacity: request * channels) { storage, initialised in
            do {
                initialised = try readLocked(into: storage.baseAddress!, maxFrames: request) * channels
            } catch {
                failure = error
                initialised = 0
            }
        }
        if let failure { throw failure }
        if samples.isEmpty { return nil }
        return AudioBuffer(format: format, samples: samples)
    }

    /// Reads up to `maxFrames` frames into `destination`; 0 means the end. The caller holds the lock (`withLock`).
    func readLocked(into destination: UnsafeMutablePointer<Float>, maxFrames: Int) throws -> Int {
        if let pendingError { throw pendingError }
        if reachedEnd { return 0 }
        var frames = 0
        var failure: AudioIOError?
        // libsndfile fills the request unless the data ends; loop anyway in case a codec returns partial blocks.
        while frames < maxFrames {
            let result = file.readFloat(into: destination + frames * format.channelCount, frames: maxFrames - frames)
            frames += result.frames
            if result.failure != nil || result.frames == 0 {
                failure = result.failure
                reachedEnd = true
                break
            }
        }
        framesDelivered += frames
        if reachedEnd {
            if frameCountIsExact && framesDelivered < frameCount {
                let cause = failure.map { "; \($0.message)" } ?? ""
                pendingError = AudioIOError(.truncated, location: location, message: """
                    truncated: header says \(frameCount) frames, read \(framesDelivered)\(cause)
                    """)
            } else {
                pendingError = failure
            }
            if frames == 0, let pendingError { throw pendingError }
        }
        return frames
    }

    /// Frames the header promises that have not been read yet (0 when more were read than promised).
    var unreadFrameEstimate: Int {
        withLock { max(frameCount - framesDelivered, 0) }
    }

    /// Runs `body` holding the lock that serialises access to the libsndfile handle.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// `AudioSource` conformance: `readFrames(maxFrames:)`, run on the caller's task (reads are short and blocking).
    public func read(maxFrames: Int) async throws -> AudioBuffer? {
        try readFrames(maxFrames: maxFrames)
    }
}
