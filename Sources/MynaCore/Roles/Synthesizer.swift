/// One sentence of synthesized speech (after `OHF-Voice/piper1-gpl`'s `piper_audio_chunk`: samples plus `is_last`).
public struct AudioChunk: Sendable, Equatable {
    /// Mono or multichannel PCM in [-1, 1].
    public var audio: AudioBuffer
    /// The text of the sentence, as the synthesizer understood it (its phonemes, for phoneme-based synthesizers).
    public var phonemes: String
    /// True for the last chunk of the request.
    public var isLast: Bool

    public init(audio: AudioBuffer, phonemes: String, isLast: Bool) {
        self.audio = audio
        self.phonemes = phonemes
        self.isLast = isLast
    }
}

/// Text to speech, one `AudioChunk` per sentence, so that a caller can play or write the first sentence while
/// later ones are still being synthesized (DESIGN.md §2). Cancelling the consuming task stops synthesis.
public protocol Synthesizer: Sendable {
    /// The output format of every chunk.
    var outputFormat: AudioFormat { get }
    /// Speech for `text`, sentence by sentence; the last chunk has `isLast`.
    func synthesize(_ text: String) -> AsyncThrowingStream<AudioChunk, Error>
}
