import MynaKit

/// One `audio-start` … `audio-stop` stream on its way to recognition: PCM of any rate, width (1, 2, 4 bytes) and
/// channel count is decoded and converted to 16 kHz mono as each chunk arrives, through MynaKit's one front end
/// (`AudioFrontEnd.Converter`: channels averaged, soxr), and kept for the decode at `audio-stop`.
///
/// Not thread-safe: owned by one connection.
final class WyomingAudioStream {
    /// The format `audio-start` announced.
    let start: Wyoming.AudioStart
    /// Samples so far at 16 kHz, mono.
    private(set) var samples: [Float] = []
    private let converter: AudioFrontEnd.Converter
    /// Bytes of a frame split between two chunks.
    private var carry: [UInt8] = []
    private let maxSamples: Int

    /// - Parameter maxSeconds: the longest stream accepted (the samples are kept until `audio-stop`).
    /// - Throws: `WyomingProtocolError` `.invalidData` for a format that cannot be converted.
    init(_ start: Wyoming.AudioStart, maxSeconds: Double) throws {
        try Self.check(rate: start.rate, width: start.width, channels: start.channels)
        self.start = start
        maxSamples = Int(maxSeconds * Double(AudioFormat.speech16k.sampleRate))
        do {
            converter = try AudioFrontEnd.Converter(from: start.rate, to: AudioFormat.speech16k.sampleRate, name: "audio-start")
        } catch {
            throw WyomingProtocolError(.invalidData, "cannot convert \(start.rate) Hz audio: \(error)")
        }
    }

    /// Seconds of audio received.
    var seconds: Double { Double(samples.count) / Double(AudioFormat.speech16k.sampleRate) }

    /// Decodes and converts one chunk's payload; returns its samples at 16 kHz mono (also kept).
    /// - Throws: `WyomingProtocolError` for a chunk whose rate differs from `audio-start`'s (one converter per stream)
    ///   or a stream over the length limit.
    @discardableResult
    func append(_ chunk: Wyoming.AudioChunk, payload: [UInt8]) throws -> [Float] {
        try Self.check(rate: chunk.rate, width: chunk.width, channels: chunk.channels)
        guard chunk.rate == start.rate else {
            throw WyomingProtocolError(.invalidData, "audio-chunk at \(chunk.rate) Hz inside a \(start.rate) Hz stream")
        }
        if chunk.width != start.width || chunk.channels != start.channels { carry = [] }
        let frameBytes = chunk.width * chunk.channels
        let bytes = carry + payload
        let whole = bytes.count / frameBytes * frameBytes
        carry = Array(bytes[whole...])
        guard whole > 0 else { return [] }
        let interleaved = WyomingPCM.samples(bytes[..<whole], width: chunk.width)
        let buffer = AudioBuffer(format: AudioFormat(sampleRate: chunk.rate, channelCount: chunk.channels), samples: interleaved)
        let converted = try converter.convert(buffer)
        samples += converted
        guard samples.count <= maxSamples else {
            throw WyomingProtocolError(.tooLarge, "the audio is longer than \(maxSamples / AudioFormat.speech16k.sampleRate) s")
        }
        return converted
    }

    /// Ends the stream: the resampler's tail is added; returns the tail.
    @discardableResult
    func finish() throws -> [Float] {
        let tail = try converter.flush()
        samples += tail
        return tail
    }

    private static func check(rate: Int, width: Int, channels: Int) throws {
        guard WyomingPCM.widths.contains(width) else {
            throw WyomingProtocolError(.invalidData, "width \(width) is not supported: 1, 2 or 4 bytes per sample")
        }
        guard (1...64).contains(channels) else {
            throw WyomingProtocolError(.invalidData, "\(channels) channels: 1 to 64 are accepted")
        }
        guard (1_000...768_000).contains(rate) else {
            throw WyomingProtocolError(.invalidData, "rate \(rate) Hz: 1000 to 768000 Hz are accepted")
        }
    }
}
