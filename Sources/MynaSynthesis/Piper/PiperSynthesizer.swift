import Foundation
import MynaCore

/// Text to speech with a Piper voice (`Synthesizer` role): espeak-ng phonemes → ids → VITS → HiFi-GAN decoder,
/// one `AudioChunk` per sentence, the way `piper-tts` 1.8.0 synthesizes (`PiperVoice.synthesize`): empty sentences
/// (and, unlike piper-tts, sentences of bare punctuation) skipped, each sentence peak-normalised and clipped to [−1, 1], silence between sentences.
///
/// Streaming: the stream is pulled, so a sentence is synthesized only when the consumer asks for it; the first
/// chunk is out before the second sentence is started and memory stays bounded for any length of text (long texts
/// are phonemized block by block, `TextBlocks`, and a sentence longer than `options.maxPhonemesPerPass` phonemes is
/// synthesized piece by piece, `LongSentenceSplitter`: one chunk per piece, each peak-normalised on its own, with no
/// sentence silence between the pieces of one sentence). Cancelling the consuming task stops at the next chunk.
///
/// Thread-safety: immutable and `Sendable`; concurrent requests each get their own stream.
public final class PiperSynthesizer: Synthesizer {
    public let voice: PiperVoice
    public let phonemizer: any Phonemizer
    public let options: PiperSynthesisOptions
    /// Told once per request about phonemes the voice lacks (they are skipped).
    public let warning: @Sendable (String) -> Void
    /// Told when a sentence's synthesis starts: its index and the characters of text phonemized so far (tests).
    let sentenceStarted: (@Sendable (_ index: Int, _ phonemizedCharacters: Int) -> Void)?

    public convenience init(voice: PiperVoice, options: PiperSynthesisOptions = .default, phonemizer: (any Phonemizer)? = nil,
                            warning: @escaping @Sendable (String) -> Void = { _ in }) throws {
        try self.init(voice: voice, options: options, phonemizer: phonemizer, warning: warning, sentenceStarted: nil)
    }

    init(voice: PiperVoice, options: PiperSynthesisOptions, phonemizer: (any Phonemizer)?,
         warning: @escaping @Sendable (String) -> Void,
         sentenceStarted: (@Sendable (Int, Int) -> Void)?) throws {
        try options.validate(for: voice.configuration)
        self.sentenceStarted = sentenceStarted
        self.voice = voice
        self.options = options
        self.phonemizer = phonemizer ?? EspeakPhonemizer(voice: voice.configuration.espeakVoice)
        self.warning = warning
    }

    public var outputFormat: AudioFormat { AudioFormat(sampleRate: voice.sampleRate, channelCount: 1) }

    public func synthesize(_ text: String) -> AsyncThrowingStream<AudioChunk, Error> {
        let request = Request(synthesizer: self, text: text)
        return AsyncThrowingStream(unfolding: { try request.next() })
    }

    /// One sentence's samples as piper-tts post-processes them: peak normalisation (when on), volume, clipping.
    /// `session` is the request's decoder scratch.
    func audio(for sentence: PhonemeSentence, modelOptions: VITSSynthesisOptions, session: HiFiGANSession,
               missing: inout [String]) throws -> [Float] {
        let ids = voice.phonemeIDs.encode(sentence.phonemes, missing: &missing)
        var samples = try voice.waveform(phonemeIDs: ids, options: modelOptions, session: session)
        var gain = options.volume
        if options.normalizeAudio {
            let peak = samples.reduce(0) { max($0, abs($1)) }
            gain = peak < 1e-8 ? 0 : gain / peak
        }
        for i in samples.indices { samples[i] = min(max(samples[i] * gain, -1), 1) }
        return samples
    }

    /// A part of a sentence synthesized in one pass (the whole sentence unless it is longer than the bound).
    struct Piece {
        var phonemes: PhonemeSentence
        /// The last piece of its sentence: sentence silence follows it.
        var endsSentence: Bool
    }

    /// The pronounceable sentences among `sentences`, cut into pieces of at most `options.maxPhonemesPerPass`.
    func pieces(of sentences: [PhonemeSentence]) -> [Piece] {
        var pieces: [Piece] = []
        for sentence in sentences {
            let parts = LongSentenceSplitter.pieces(of: sentence.phonemes, maxPhonemes: options.maxPhonemesPerPass)
                .map { PhonemeSentence(phonemes: Array(sentence.phonemes[$0])) }
                .filter(Request.isPronounceable)
            for (index, part) in parts.enumerated() {
                pieces.append(Piece(phonemes: part, endsSentence: index == parts.count - 1))
            }
        }
        return pieces
    }

    /// The state of one `synthesize` call: text blocks not yet phonemized, pieces of sentences not yet spoken, and
    /// the decoder's scratch, allocated for the first sentence and reused by the later ones of the request.
    private final class Request: @unchecked Sendable {
        let synthesizer: PiperSynthesizer
        private let lock = NSLock()
        private var blocks: TextBlocks
        private var pending: [Piece] = []
        private var pendingIndex = 0
        private var missing: [String] = []
        private var warned = 0
        private var modelOptions: VITSSynthesisOptions
        private var sentenceIndex = 0
        private var phonemizedCharacters = 0
        /// HiFi-GAN scratch, created on first use (a request with nothing to say allocates none).
        private var session: HiFiGANSession?

        init(synthesizer: PiperSynthesizer, text: String) {
            self.synthesizer = synthesizer
            blocks = TextBlocks(text)
            modelOptions = synthesizer.options.modelOptions(for: synthesizer.voice.configuration)
        }

        /// The next piece's chunk (a whole sentence unless it is long), or nil at the end.
        func next() throws -> AudioChunk? {
            lock.lock(); defer { lock.unlock() }
            try Task.checkCancellation()
            guard try fill(), pendingIndex < pending.count else { return nil }
            let piece = pending[pendingIndex]
            pendingIndex += 1
            // Each sentence (each piece of a long one) its own noise, reproducible from the request's seed.
            var options = modelOptions
            options.seed = modelOptions.seed &+ UInt64(sentenceIndex) &* 0x9E37_79B9
            synthesizer.sentenceStarted?(sentenceIndex, phonemizedCharacters)
            sentenceIndex += 1
            let session = self.session ?? HiFiGANSession()
            self.session = session
            var samples = try synthesizer.audio(for: piece.phonemes, modelOptions: options, session: session, missing: &missing)
            if missing.count > warned {
                synthesizer.warning("the voice has no id for phoneme\(missing.count - warned == 1 ? "" : "s") "
                    + missing[warned...].map { "'\($0)' (U+\(String($0.unicodeScalars.first!.value, radix: 16, uppercase: true)))" }.joined(separator: ", ")
                    + "; skipped")
                warned = missing.count
            }
            let isLast = try !fill()
            // Pieces of one sentence join without silence: the speaker has not reached a full stop.
            if !isLast && piece.endsSentence && synthesizer.options.sentenceSilence > 0 {
                samples += [Float](repeating: 0, count: Int(Double(synthesizer.voice.sampleRate) * synthesizer.options.sentenceSilence))
            }
            return AudioChunk(audio: AudioBuffer(mono: samples, sampleRate: synthesizer.voice.sampleRate),
                              phonemes: piece.phonemes.text, isLast: isLast)
        }

        /// Marks and spaces alone (a clause of bare punctuation) are not synthesized: piper-tts would make a
        /// tenth of a second of noise and normalise it to full scale.
        static let marks: Set<String> = [" ", ".", ",", ";", ":", "!", "?", "-", "'", "\"", "(", ")", "…"]

        static func isPronounceable(_ sentence: PhonemeSentence) -> Bool {
            sentence.phonemes.contains { !marks.contains($0) }
        }

        /// Phonemizes blocks until a sentence is pending; false when the text is exhausted.
        private func fill() throws -> Bool {
            while pendingIndex >= pending.count {
                guard let block = blocks.next() else { return false }
                phonemizedCharacters += block.count
                pending = synthesizer.pieces(of: try synthesizer.phonemizer.phonemize(block))
                pendingIndex = 0
            }
            return true
        }
    }
}
