import MynaCore
import MynaNN
import MynaTensor

/// One 30 s window through the encoder, with its cross-attention keys and values: computed once, decoded any number
/// of times (with different prompts or prefixes) without running the encoder again.
public struct WhisperEncodedWindow: Sendable {
    /// `[audioContext, d]`.
    let encoded: Tensor
    let crossKeyValues: [KVCache]
}

/// The decoding of one utterance (at most one window), as live dictation uses it.
public struct WhisperUtteranceDecoding: Sendable, Equatable {
    /// Tokens generated after the forced prefix, without the end token.
    public var tokens: [Int]
    /// The text of the prefix followed by `tokens`.
    public var text: String
    /// faster-whisper's statistics of the generated tokens (`avg_logprob`, `compression_ratio` of their text,
    /// `no_speech_prob` at the start of the transcript) and the temperature that produced them.
    public var avgLogProb: Double
    public var compressionRatio: Double
    public var noSpeechProb: Double
    public var temperature: Double
    /// faster-whisper's silence rule held: no-speech probability above the threshold and an average log-probability
    /// not above its threshold (the window would have been skipped).
    public var isSilence: Bool
    /// The language decoded (given, detected on the window, or "en" for English-only models).
    public var language: String = "en"
}

extension WhisperTranscriber {
    /// Runs the encoder on `mel` (`[nMels, 3000]`, normalised log-mel, zero-padded past the audio as faster-whisper
    /// pads windows) and projects the cross-attention keys and values.
    public func encode(window mel: Tensor) -> WhisperEncodedWindow {
        let encoded = model.encoder(mel)
        return WhisperEncodedWindow(encoded: encoded, crossKeyValues: model.decoder.crossKeyValues(encoded))
    }

    /// Decodes one encoded window as a single utterance: prompted with `previousTokens` (the text before it, the
    /// last `maxLength / 2 − 1` tokens as faster-whisper keeps them, fewer if a long prefix needs the room) and forced to begin with `prefixTokens` (text
    /// already shown to the user, which must not change; faster-whisper's `prefix`), with the temperature fallback
    /// of `options`. Blank suppression applies only when there is no prefix: after a prefix the utterance may end at
    /// once. Timestamps follow `options.withTimestamps` (dictation turns them off).
    ///
    /// For multilingual models without `options.language`, the language is detected on this window.
    /// - Throws: `CancellationError` when the calling task is cancelled (checked at every decoding step).
    public func decodeUtterance(_ window: WhisperEncodedWindow, previousTokens: [Int], prefixTokens: [Int],
                                options: WhisperDecodingOptions) throws -> WhisperUtteranceDecoding {
        let tokenizer = model.tokenizer
        let special = tokenizer.special
        let generator = WhisperGenerator(model: model, config: generationConfig)
        // Room for the prefix and at least a quarter of the positions for new tokens (25 s of speech is far less).
        let previousLimit = min(generator.maxLength / 2 - 1, generator.maxLength * 3 / 4 - prefixTokens.count - 4)
        var prompt: [Int] = []
        if !previousTokens.isEmpty && previousLimit > 0 {
            prompt.append(special.startOfPrevious)
            prompt += previousTokens.suffix(previousLimit)
        }
        prompt.append(special.startOfTranscript)
        var language = "en"
        if tokenizer.isMultilingual {
            language = options.language ?? detectLanguage(encoded: window.encoded).0
            if let languageToken = special.languageToken(language) { prompt.append(languageToken) }
            prompt.append(options.task == .translate ? special.translate : special.transcribe)
        }
        if !options.withTimestamps { prompt.append(special.noTimestamps) }
        prompt += prefixTokens

        var decoding = options
        if !prefixTokens.isEmpty { decoding.suppressBlank = false }
        var random = SplitMix64(seed: options.seed)
        let outcome = try generateWithFallback(generator, crossKeyValues: window.crossKeyValues, prompt: prompt,
                                               options: decoding, random: &random)
        let result = outcome.generation
        let isSilence = options.noSpeechThreshold.map { result.noSpeechProb > $0 } == true
            && !(options.logProbThreshold.map { result.avgLogProb > $0 } ?? false)
        return WhisperUtteranceDecoding(
            tokens: result.tokens, text: tokenizer.decode(prefixTokens + result.tokens),
            avgLogProb: result.avgLogProb, compressionRatio: outcome.compressionRatio,
            noSpeechProb: result.noSpeechProb, temperature: outcome.temperature, isSilence: isSilence, language: language)
    }

    /// The words of an utterance decoded from `window` (`tokens`: its prefix and generated tokens), timed as
    /// `transcribe` times a window's words with word timestamps (`addWordTimestamps`: one teacher-forced pass over
    /// the alignment heads, DTW, punctuation merged, words kept inside the utterance). `frames`: the 10 ms mel frames
    /// of audio in the window; times are seconds from `timeOffset`, where the window starts.
    public func utteranceWords(_ window: WhisperEncodedWindow, tokens: [Int], language: String, task: WhisperTask,
                               frames: Int, timeOffset: Double) -> [TranscriptWord] {
        let special = model.tokenizer.special
        let textTokens = tokens.filter { $0 < special.endOfText }
        guard !textTokens.isEmpty, frames > 0 else { return [] }
        var sotSequence = [special.startOfTranscript]
        if model.tokenizer.isMultilingual, let languageToken = special.languageToken(language) {
            sotSequence += [languageToken, task == .translate ? special.translate : special.transcribe]
        }
        var pieces = [Piece(start: timeOffset, end: timeOffset + Double(frames) * Self.secondsPerFrame, tokens: textTokens)]
        addWordTimestamps(&pieces, aligner: WhisperWordAligner(model: model, heads: generationConfig.alignmentHeads),
                          crossKeyValues: window.crossKeyValues, sotSequence: sotSequence, language: language,
                          frames: frames, timeOffset: timeOffset, lastSpeechTimestamp: timeOffset)
        return Self.clamp(pieces[0].words ?? [], start: pieces[0].start, end: pieces[0].end)
    }
}
