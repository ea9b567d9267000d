/// Something that yields audio in blocks: a file, a microphone, a fake.
public protocol AudioSource: AnyObject {
    /// The format of every buffer `read` returns.
    var format: AudioFormat { get }
    /// Up to `maxFrames` frames, or `nil` at the end of the stream. Never returns an empty buffer.
    func read(maxFrames: Int) async throws -> AudioBuffer?
}

/// Something that consumes audio: a file, a speaker, a recorder.
public protocol AudioSink: AnyObject {
    func write(_ buffer: AudioBuffer) async throws
    /// Flushes and closes; for files, this is when the output appears under its final name.
    func finish() async throws
}
