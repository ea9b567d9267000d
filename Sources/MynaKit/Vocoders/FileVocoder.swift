import MynaAudioFile
import MynaCore
import MynaDSP
import MynaSynthesis

/// Resynthesises an audio file through a mel vocoder in bounded memory: blocks of the file are decoded, downmixed,
/// resampled to the vocoder's rate (soxr HQ), turned into its log-mel frames (`HiFiGANMelExtractor`, streaming) and
/// vocoded in chunks (`ChunkedVocoder`), and each piece of waveform is handed on as soon as it is final.
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
    /// Frames read from the file per block (3 s at 22.05 kHz).
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

    /// Streams the file at `path` through the vocoder.
    /// - Parameters:
    ///   - emit: receives consecutive pieces of the waveform (mono, at the vocoder's rate).
    ///   - progress: seconds of input audio whose waveform has been emitted so far.
    /// - Throws: `AudioIOError` for unreadable or empty files, `FeatureError` (located at `path`) for audio shorter
    ///   than one mel window or with non-finite samples, and whatever `emit` throws.
    public func run(path: String, emit: ([Float]) throws -> Void, progress: (Double) -> Void = { _ in }) throws -> Summary {
        let reader = try SoundFileReader(path: path)
        guard reader.frameCount != 0 else {
            throw AudioIOError(.empty, location: path, message: "contains no audio (0 frames)")
        }
        let rate = melOptions.sampleRate
        let resampler = reader.format.sampleRate == rate
            ? nil : try Resampler(file: path, inputRate: reader.format.sampleRate, outputRate: rate, channelCount: 1)
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
            while let block = try reader.readFrames(maxFrames: Self.blockFrames) {
                var samples = block.downmixedToMono().samples
                if let resampler { samples = try resampler.process(samples) }
                try send(try mel.append(samples))
            }
            if let resampler { try send(try mel.append(try resampler.flush())) }
            try send(try mel.finish())
        } catch let error as FeatureError {
            throw error.at(path)
        }
        let rest = try chunks.finish()
        written += rest.count
        if !rest.isEmpty { try emit(rest) }
        progress(Double(written) / Double(rate))
        precondition(written == frames * hop, "FileVocoder: \(written) samples for \(frames) frames")
        return Summary(inputSeconds: Double(reader.frameCount) / Double(reader.format.sampleRate), frames: frames,
                       samples: written, sampleRate: vocoder.sampleRate)
    }
}
