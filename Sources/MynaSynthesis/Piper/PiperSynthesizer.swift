import Foundation
import MynaCore

/// Text to speech with a Piper voice (`Synthesizer` role): espeak-ng phonemes → ids → VITS → HiFi-GAN decoder,
/// one `AudioChunk` per sentence, the way `piper-tts` 1.8.0 synthesizes (`PiperVoice.synthesize`): empty sentences
/// (and, unlike piper-tts, sentences of bare punctuation) skipped, each sentence peak-normalised and clipped to [−1, 1], silence between sentences.
///
/// Streaming: the stream is pulled, so a sentence is synthesized only when the consumer asks for it; the first
/// chunk is out before the second sentence is started and memory stays bounded for any length of text (long texts
/// are phonemized block by block, `TextBlocks`). Cancelling the consuming task stops at the next sentence.
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
    func audio(for sentence: PhonemeSentence, modelOptions: VITSSynthesisOptions, missing: inout [String]) throws -> [Float] {
        let ids = voice.phonemeIDs.encode(sentence.phonemes, missing: &missing)
        var samples = try voice.waveform(phonemeIDs: ids, options: modelOptions)
        var gain = options.volume
        if options.normalizeAudio {
            let peak = samples.reduce(0) { max($0, abs($1)) }
            gain = peak < 1e-8 ? 0 : gain / peak
        }
        for i in samples.indices { samples[i] = min(max(samples[i] * gain, -1), 1) }
        return samples
    }

    /// The state of one `synthesize` call: text blocks not yet phonemized, sentences not yet spoken.
    private final class Request: @unchecked Sendable {
        let synthesizer: PiperSynthesizer
        private let lock = NSLock()
        private var blocks: TextBlocks
        private var pending: [PhonemeSentence] = []
        private var pendingIndex = 0
        private var missing: [String] = []
        private var warned = 0
        private var modelOptions: VITSSynthesisOptions
        private var sentenceIndex = 0
        private var phonemizedCharacters = 0

        init(synthesizer: PiperSynthesizer, text: String) {
            self.synthesizer = synthesizer
            blocks = TextBlocks(text)
            modelOptions = synthesizer.options.modelOptions(for: synthesizer.voice.configuration)
        }

        /// The next sentence's chunk, or nil at the end.
        func next() throws -> AudioChunk? {
            lock.lock(); defer { lock.unlock() }
            try Task.checkCancellation()
            guard try fill(), pendingIndex < pending.count else { return nil }
            let sentence = pending[pendingIndex]
            pendingIndex += 1
            // Each sentence its own noise, reproducible from the request's seed.
            var options = modelOptions
            options.seed = modelOptions.seed &+ UInt64(sentenceIndex) &* 0x9E37_79B9
            synthesizer.sentenceStarted?(sentenceIndex, phonemizedCharacters)
            sentenceIndex += 1
            var samples = try synthesizer.audio(for: sentence, modelOptions: options, missing: &missing)
            if missing.count > warned {
                synthesizer.warning("the voice has no id for phoneme\(missing.count - warned == 1 ? "" : "s") "
                    + missing[warned...].map { "'\($0)' (U+\(String($0.unicodeScalars.first!.value, radix: 16, uppercase: true)))" }.joined(separator: ", ")
                    + "; skipped")
                warned = missing.count
            }
            let isLast = try !fill()
            if !isLast && synthesizer.options.sentenceSilence > 0 {
                samples += [Float](repeating: 0, count: Int(Double(synthesizer.voice.sampleRate) * synthesizer.options.sentenceSilence))
            }
            return AudioChunk(audio: AudioBuffer(mono: samples, sampleRate: synthesizer.voice.sampleRate),
                              phonemes: sentence.text, isLast: isLast)
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
                pending = try synthesizer.phonemizer.phonemize(block).filter(Self.isPronounceable)
                pendingIndex = 0
            }
            return true
        }
    }
}
