import MynaCore
import MynaSynthesis

/// The speech of one `SpeechSynthesis.speak` request: the voice that speaks, the output format, and the audio
/// sentence by sentence (DESIGN.md `Synthesizer` role: one `AudioChunk` per sentence, the last with `isLast`).
///
/// Iterate it once: each iteration drives the same request. Synthesis is pulled: a sentence is synthesized when the
/// consumer asks for it, and cancelling the consuming task stops at the next sentence.
public struct SpokenAudio: AsyncSequence, Sendable {
    public typealias Element = AudioChunk

    /// The loaded voice (shared with other requests for it).
    public let voice: PiperVoice
    /// Format of every chunk: mono at the requested output rate (the voice's unless `SpeechOptions.sampleRate`).
    public let format: AudioFormat
    /// The chunks. A resampled request's last chunk also holds the resampler's tail.
    public let chunks: AsyncThrowingStream<AudioChunk, Error>

    public func makeAsyncIterator() -> AsyncThrowingStream<AudioChunk, Error>.AsyncIterator {
        chunks.makeAsyncIterator()
    }

    /// All the chunks joined into one buffer, with the phonemes of each sentence.
    public func collect() async throws -> (audio: AudioBuffer, phonemes: [String]) {
        var audio = AudioBuffer(format: format, samples: [])
        var phonemes: [String] = []
        for try await chunk in chunks {
            audio.append(chunk.audio)
            phonemes.append(chunk.phonemes)
        }
        return (audio, phonemes)
    }
}
