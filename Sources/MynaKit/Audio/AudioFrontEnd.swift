import MynaAudioFile
import MynaCore
import MynaDSP

/// The one audio front end: any `AudioInput` → mono blocks at the rate a model consumes (16 kHz for Whisper, Silero
/// VAD and the speaker encoder; 22.05 kHz for the HiFi-GAN mel), decoded by libsndfile, channels averaged, resampled
/// by soxr (high quality) when the rates differ. Memory is one block, whatever the length of the input.
///
/// Not thread-safe: one pass at a time; open another front end on the same input for another pass.
public final class AudioFrontEnd {
    /// Frames of the input read per block by default: about 4 s at 16 kHz.
    public static let defaultBlockFrames = 65_536

    public let input: AudioInput
    /// The rate of the blocks returned, in Hz.
    public let sampleRate: Int
    /// The input's own format (its rate and channels before conversion).
    public let sourceFormat: AudioFormat
    /// Frames of the input at its own rate.
    public let sourceFrameCount: Int
    /// Frames of the input read so far, at its own rate (for progress).
    public private(set) var sourceFramesRead = 0

    private let reader: any AudioBlockReader
    private let converter: Converter
    private let blockFrames: Int
    private var finished = false

    /// Opens `input`.
    /// - Throws: `AudioIOError` for an input libsndfile cannot read, `.empty` (naming the input) for one with no
    ///   audio, `.invalidFormat` (naming the input) for a rate soxr cannot convert.
    public init(_ input: AudioInput, sampleRate: Int = AudioFormat.speech16k.sampleRate,
                blockFrames: Int = AudioFrontEnd.defaultBlockFrames) throws {
        precondition(blockFrames > 0, "blockFrames must be positive")
        self.input = input
        self.sampleRate = sampleRate
        self.blockFrames = blockFrames
        reader = try input.openReader()
        guard reader.frameCount != 0 else {
            throw AudioIOError(.empty, location: input.name, message: "contains no audio (0 frames)")
        }
        sourceFormat = reader.format
        sourceFrameCount = reader.frameCount
        converter = try Converter(from: reader.format.sampleRate, to: sampleRate, name: input.name)
    }

    /// Duration of the input in seconds.
    public var sourceDuration: Double { Double(sourceFrameCount) / Double(sourceFormat.sampleRate) }

    /// The next block of mono samples at `sampleRate`; after the input's last block, the resampler's tail (possibly
    /// empty) once; then nil.
    public func nextBlock() throws -> [Float]? {
        guard !finished else { return nil }
        if let block = try reader.readFrames(maxFrames: blockFrames) {
            sourceFramesRead += block.frameCount
            return try converter.convert(block)
        }
        finished = true
        return try converter.flush()
    }

    /// The whole input as mono samples at `sampleRate` (for inputs that fit in memory: an utterance, a clip).
    public static func readAll(_ input: AudioInput, sampleRate: Int = AudioFormat.speech16k.sampleRate) throws -> [Float] {
        let frontEnd = try AudioFrontEnd(input, sampleRate: sampleRate)
        var samples: [Float] = []
        samples.reserveCapacity(Int((frontEnd.sourceDuration * Double(sampleRate)).rounded(.up)) + 1)
        while let block = try frontEnd.nextBlock() { samples += block }
        return samples
    }
}

extension AudioFrontEnd {
    /// Channels averaged, then soxr from one rate to another, buffer by buffer: the conversion step of the front
    /// end, also used on its own for live audio (a microphone's buffers as they arrive).
    public struct Converter {
        public let inputRate: Int
        public let outputRate: Int
        private let resampler: Resampler?

        /// - Throws: `AudioIOError` `.invalidFormat` naming `name` for rates soxr cannot convert between.
        public init(from inputRate: Int, to outputRate: Int, name: String = "audio") throws {
            self.inputRate = inputRate
            self.outputRate = outputRate
            resampler = inputRate == outputRate
                ? nil : try Resampler(file: name, inputRate: inputRate, outputRate: outputRate, channelCount: 1)
        }

        /// `buffer` (at `inputRate`, any channel count) as mono samples at `outputRate`.
        public func convert(_ buffer: AudioBuffer) throws -> [Float] {
            let mono = buffer.format.channelCount == 1 ? buffer.samples : buffer.downmixedToMono().samples
            return try resampler?.process(mono) ?? mono
        }

        /// The resampler's remaining samples at the end of the stream (empty without resampling).
        public func flush() throws -> [Float] {
            try resampler?.flush() ?? []
        }
    }
}
