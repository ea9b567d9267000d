import MynaKit
import Testing
@testable import MynaWyoming

/// The parts of `--live-transcripts` that need no model: dictation events to transcript chunks, and the pushed source.
@Suite struct LiveTranscriptionPartsTests {
    private func partial(_ utterance: Int, _ committed: String, _ tentative: String = "") -> DictationEvent {
        .partial(DictationPartial(utterance: utterance, start: 0, end: 1, committed: committed, tentative: tentative))
    }

    private func final(_ utterance: Int, _ text: String) -> DictationEvent {
        .final(DictationFinal(utterance: utterance, start: 0, end: 1, text: text, endpoint: 1.5, reason: .silence))
    }

    @Test func committedWordsThenTheRestOfEachFinal() {
        var chunks = LiveTranscriptChunks()
        let events = [partial(0, "", "Turn"), partial(0, "Turn on", " the"), partial(0, "Turn on the", " lights"),
                      final(0, "Turn on the lights."), partial(1, "", "And"), final(1, ""), partial(2, "Then", " the"),
                      final(2, "Then the fan.")]
        let sent = events.compactMap { chunks.chunk(for: $0) }
        #expect(sent == ["Turn on", " the", " lights.", " Then", " the fan."])
        #expect(sent.joined() == chunks.text)
        #expect(chunks.text == "Turn on the lights. Then the fan.")
    }

    @Test func aFinalThatDisagreesWithWhatWasSentStillConcatenates() {
        var chunks = LiveTranscriptChunks()
        let sent = [partial(0, "Guttenburg"), final(0, "Gutenberg Bible")].compactMap { chunks.chunk(for: $0) }
        #expect(sent.joined() == chunks.text)
        #expect(chunks.text.hasPrefix("Guttenburg"))
    }

    @Test func pushedSamplesAreReadInOrderThenTheEnd() async throws {
        let source = PushedAudioSource()
        let reader = Task { () -> [Float] in
            var all: [Float] = []
            while let buffer = try await source.read(maxFrames: 3) {
                #expect(buffer.frameCount <= 3 && buffer.frameCount > 0)
                all += buffer.samples
            }
            return all
        }
        source.push([1, 2])
        source.push([])
        source.push([3, 4, 5, 6, 7])
        source.finish()
        #expect(try await reader.value == [1, 2, 3, 4, 5, 6, 7])
        #expect(try await source.read(maxFrames: 10) == nil)
    }
}
