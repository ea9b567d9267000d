import Foundation
import MynaAudioFile
import MynaCore

/// Audio a request brings: a file, encoded bytes in memory (an upload, a pipe), or samples already decoded.
///
/// Every kind goes through the one `AudioFrontEnd`, which turns it into mono blocks at the rate a model wants.
/// Live audio (a microphone) is an `AudioSource` and goes through `AudioFrontEnd.Converter` as it arrives.
public enum AudioInput: Sendable {
    /// A file of any format libsndfile reads.
    case file(path: String)
    /// The bytes of a file of any format libsndfile reads (WAV, FLAC, Ogg Vorbis/Opus, MP3…); `name` is used in
    /// messages (an upload's file name, `stdin`).
    case encoded(Data, name: String)
    /// Decoded samples, interleaved, in [-1, 1], with their format; `name` is used in messages.
    case samples(AudioBuffer, name: String)

    /// What messages call this input.
    public var name: String {
        switch self {
        case .file(let path): path
        case .encoded(_, let name), .samples(_, let name): name
        }
    }

    /// Opens a block reader over the input (each call starts again from the beginning, for several passes).
    func openReader() throws -> any AudioBlockReader {
        switch self {
        case .file(let path): try SoundFileReader(path: path)
        case .encoded(let data, let name): try SoundFileReader(data: data, name: name)
        case .samples(let buffer, _): SampleBlockReader(buffer)
        }
    }
}

/// Blocks of interleaved audio from the start of an input to its end.
protocol AudioBlockReader: AnyObject {
    var format: AudioFormat { get }
    /// Frames in all, at `format.sampleRate`.
    var frameCount: Int { get }
    /// The next block of at most `maxFrames` frames, or nil at the end.
    func readFrames(maxFrames: Int) throws -> AudioBuffer?
}

extension SoundFileReader: AudioBlockReader {}

/// Blocks of a decoded buffer.
final class SampleBlockReader: AudioBlockReader {
    let buffer: AudioBuffer
    private var position = 0

    init(_ buffer: AudioBuffer) { self.buffer = buffer }

    var format: AudioFormat { buffer.format }
    var frameCount: Int { buffer.frameCount }

    func readFrames(maxFrames: Int) throws -> AudioBuffer? {
        let channels = buffer.format.channelCount
        guard position < buffer.frameCount else { return nil }
        let frames = min(maxFrames, buffer.frameCount - position)
        let samples = Array(buffer.samples[(position * channels)..<((position + frames) * channels)])
        position += frames
        return AudioBuffer(format: buffer.format, samples: samples)
    }
}
