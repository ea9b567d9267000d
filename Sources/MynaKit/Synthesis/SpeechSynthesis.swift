import Foundation
import MynaCore
import MynaDSP
import MynaSynthesis

/// Text to speech as a library: `speak(text, options)` gives the audio sentence by sentence, at the requested rate,
/// from a voice loaded once and shared by every later request (whisper.cpp's one entry point for the CLI and the
/// server, `whisper_full`, is the model).
///
/// Voices named in `SpeechOptions.voice` are resolved through `PiperVoiceLocation` in the models folder and cached by
/// resolved path: the weights are immutable and shared, each request has its own state (text position, noise
/// generator, decoder scratch, resampler).
///
/// Thread-safety: immutable apart from the lock-protected voice cache; safe to call from many tasks at once, each
/// request streaming independently.
public final class SpeechSynthesis: Sendable {
    /// Where installed voices are looked up (resolved once, at creation).
    public let modelsDirectory: ModelsDirectory
    private let cache = PiperVoiceCache()

    /// - Parameter modelsDirectory: where installed voices live; nil searches as `ModelsDirectory.locate` does
    ///   (`$MYNA_MODELS_DIR`, the installed share/myna/models, the checkout's models/, `$XDG_DATA_HOME/myna/models`).
    public init(modelsDirectory: String? = nil) {
        self.modelsDirectory = ModelsDirectory.locate(explicitPath: modelsDirectory)
    }

    public init(modelsDirectory: ModelsDirectory) {
        self.modelsDirectory = modelsDirectory
    }

    /// The voice for an installed name, an `.onnx` path or a folder holding one, loaded on first use and cached.
    /// - Throws: `ConfigurationError` for an unknown voice (naming the installed ones) or a bad config,
    ///   `WeightLoadingError` for weights that do not fit.
    public func voice(_ nameOrPath: String) throws -> PiperVoice {
        try cache.voice(at: PiperVoiceLocation.resolve(nameOrPath, modelsDirectory: modelsDirectory))
    }

    /// How many voices this object has read from disk (a request for a voice already loaded reads none).
    public var voiceLoadCount: Int { cache.loadCount }

    /// Speech for `text`, sentence by sentence (see `PiperSynthesizer`: espeak-ng phonemes, VITS, HiFi-GAN decoder,
    /// each sentence peak-normalised, `sentenceSilence` after each but the last), resampled to
    /// `options.sampleRate` when one is given.
    ///
    /// Options and voice are checked and the voice loaded here, before any audio, so errors surface at once; the
    /// sentences are synthesized as the returned sequence is iterated.
    /// - Parameter warning: told once per request about phonemes the voice lacks (they are skipped).
    /// - Throws: `ConfigurationError` from `SpeechOptions.validate()` (field named as the option is spelt) or for an
    ///   unknown voice or speaker; `WeightLoadingError` for a voice that does not load.
    public func speak(_ text: String, options: SpeechOptions = .default,
                      warning: @escaping @Sendable (String) -> Void = { _ in }) throws -> SpokenAudio {
        try options.validate()
        let voice = try voice(options.voice)
        let synthesizer = try PiperSynthesizer(voice: voice, options: options.piperOptions(for: voice), warning: warning)
        let outputRate = options.sampleRate ?? voice.sampleRate
        let format = AudioFormat(sampleRate: outputRate, channelCount: 1)
        let sentences = synthesizer.synthesize(text)
        guard outputRate != voice.sampleRate else { return SpokenAudio(voice: voice, format: format, chunks: sentences) }
        let resampling = ResampledChunks(sentences, resampler: try Resampler(inputRate: voice.sampleRate, outputRate: outputRate,
                                                                             channelCount: 1))
        return SpokenAudio(voice: voice, format: format, chunks: AsyncThrowingStream(unfolding: { try await resampling.next() }))
    }
}

/// One request's chunks resampled to the output rate, the resampler's tail added to the last chunk.
///
/// Not thread-safe, and need not be: the stream's consumer pulls one chunk at a time.
private final class ResampledChunks: @unchecked Sendable {
    private var sentences: AsyncThrowingStream<AudioChunk, Error>.AsyncIterator
    private let resampler: Resampler

    init(_ sentences: AsyncThrowingStream<AudioChunk, Error>, resampler: Resampler) {
        self.sentences = sentences.makeAsyncIterator()
        self.resampler = resampler
    }

    func next() async throws -> AudioChunk? {
        guard var chunk = try await sentences.next() else { return nil }
        var samples = try resampler.process(chunk.audio.samples)
        if chunk.isLast { samples += try resampler.flush() }
        chunk.audio = AudioBuffer(mono: samples, sampleRate: resampler.outputRate)
        return chunk
    }
}
