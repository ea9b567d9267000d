import MynaCore
import MynaDSP
import MynaSynthesis

/// Resynthesises audio through a mel vocoder in bounded memory: blocks of the input are decoded, downmixed and
/// resampled to the vocoder's rate (`AudioFrontEnd`), turned into its log-mel frames (`HiFiGANMelExtractor`,
/// streaming) and vocoded in chunks (`ChunkedVocoder`); each piece of waveform is handed on as soon as it is final.
///
/// Thread-safety: immutable; `run` may be called from several threads (each call has its own streams).
public struct FileVocoder: Sendable {
    /// What one run did.
    public struct Summary: Sendable, Hashable, Codable {
        /// Seconds of audio in the input file.
        public var inputSeconds: Double
        /// Mel frames vocoded.
        public var frames: Int
        /// Samples written, at `sampleRate`.
        public var samples: Int
        public var sampleRate: Int
    }

    public let vocoder: any Vocoder
    public let melOptions: HiFiGANMelExtractor.Options
    public let chunking: ChunkedVocoder.Options
    /// Frames read from the input per block (3 s at 22.05 kHz).
    public static let blockFrames = 65_536

    /// - Throws: `ConfigurationError` when the vocoder does not take a HiFi-GAN style log-mel.
    public init(vocoder: any Vocoder, chunking: ChunkedVocoder.Options) throws {
        guard let mel = vocoder.input.mel, let options = HiFiGANMelExtractor.Options(mel) else {
            throw ConfigurationError(field: "vocoder", message: "does not take a HiFi-GAN log-mel spectrogram, which vocode computes")
        }
        try chunking.validate(contextFrames: vocoder.input.contextFrames)
        self.vocoder = vocoder
        melOptions = options
        self.chunking = chunking
    }

    /// Streams the file at `path` through the vocoder (see `run(input:…)`).
    public func run(path: String, emit: ([Float]) throws -> Void, progress: (Double) -> Void = { _ in }) throws -> Summary {
        try run(input: .file(path: path), emit: emit, progress: progress)
    }

    /// Streams `input` through the vocoder, block by block through the `AudioFrontEnd` at the vocoder's rate.
    /// - Parameters:
    ///   - emit: receives consecutive pieces of the waveform (mono, at the vocoder's rate).
    ///   - progress: seconds of input audio whose waveform has been emitted so far.
    /// - Throws: `AudioIOError` for unreadable or empty input, `FeatureError` (located at the input's name) for audio
    ///   shorter than one mel window or with non-finite samples, and whatever `emit` throws.
    public func run(input: AudioInput, emit: ([Float]) throws -> Void, progress: (Double) -> Void = { _ in }) throws -> Summary {
        let rate = melOptions.sampleRate
        let frontEnd = try AudioFrontEnd(input, sampleRate: rate, blockFrames: Self.blockFrames)
        let mel = try HiFiGANMelExtractor(options: melOptions).makeStream()
        let chunks = try ChunkedVocoder(vocoder: vocoder, options: chunking)
        let hop = vocoder.input.hopLength
        var written = 0, frames = 0
        func send(_ features: FeatureMatrix) throws {
            frames += features.frameCount
            let samples = try chunks.append(features)
            if !samples.isEmpty {
                written += samples.count
                try emit(samples)
                progress(Double(written) / Double(rate))
            }
        }
        do {
            while let samples = try frontEnd.nextBlock() { try send(try mel.append(samples)) }
            try send(try mel.finish())
        } catch let error as FeatureError {
            throw error.at(input.name)
        }
        let rest = try chunks.finish()
        written += rest.count
        if !rest.isEmpty { try emit(rest) }
        progress(Double(written) / Double(rate))
        precondition(written == frames * hop, "FileVocoder: \(written) samples for \(frames) frames")
        return Summary(inputSeconds: frontEnd.sourceDuration, frames: frames,
                       samples: written, sampleRate: vocoder.sampleRate)
    }
}
