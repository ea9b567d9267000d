import Foundation
import MynaCore
@testable import MynaSynthesis
import MynaTestSupport
import Testing

/// `PiperSynthesizer`: streaming one sentence at a time, piper-tts's post-processing, and bad input.
@Suite struct PiperSynthesizerTests {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(Int, Int)] = []
        private var messages: [String] = []
        func started(_ index: Int, _ characters: Int) { lock.lock(); entries.append((index, characters)); lock.unlock() }
        func warn(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
        var starts: [(Int, Int)] { lock.lock(); defer { lock.unlock() }; return entries }
        var warnings: [String] { lock.lock(); defer { lock.unlock() }; return messages }
    }

    static func synthesizer(_ options: PiperSynthesisOptions = .default, log: Log = Log()) throws -> PiperSynthesizer {
        try PiperSynthesizer(voice: PiperTestVoice.voice(), options: options, phonemizer: nil,
                             warning: { log.warn($0) }, sentenceStarted: { log.started($0, $1) })
    }

    static func collect(_ synthesizer: PiperSynthesizer, _ text: String) async throws -> [AudioChunk] {
        var chunks: [AudioChunk] = []
        for try await chunk in synthesizer.synthesize(text) { chunks.append(chunk) }
        return chunks
    }

    @Test func firstSentenceIsOutBeforeTheNextIsSynthesized() async throws {
        let log = Log()
        let synthesizer = try Self.synthesizer(log: log)
        var iterator = synthesizer.synthesize("First sentence. Second one here. And the third!").makeAsyncIterator()
        let first = try #require(try await iterator.next())
        #expect(log.starts.map(\.0) == [0], "only the first sentence may be synthesized before it is delivered")
        #expect(!first.isLast && first.audio.frameCount > 5000)
        var rest: [AudioChunk] = []
        while let chunk = try await iterator.next() { rest.append(chunk) }
        #expect(rest.count == 2 && rest.last?.isLast == true && rest.first?.isLast == false)
        #expect(log.starts.map(\.0) == [0, 1, 2])
    }

    @Test func hundredKilobytesStreamInBlocks() async throws {
        let paragraph = "The committee met on Tuesday to discuss the budget, and everyone agreed to meet again soon. "
        let text = String(repeating: paragraph, count: 100_000 / paragraph.count + 1)
        #expect(text.utf8.count > 100_000)
        let blocks = Array(TextBlocks(text))
        #expect(blocks.joined() == text && blocks.allSatisfy { $0.count <= TextBlocks.defaultLimit })
        let log = Log()
        var iterator = try Self.synthesizer(log: log).synthesize(text).makeAsyncIterator()
        let first = try #require(try await iterator.next())
        #expect(!first.isLast)
        let (index, phonemized) = try #require(log.starts.first)
        #expect(index == 0 && phonemized <= TextBlocks.defaultLimit, "the first sentence waited for \(phonemized) characters of phonemes")
    }

    @Test func sentencesArePeakNormalisedWithSilenceBetween() async throws {
        var options = PiperSynthesisOptions.default
        options.sentenceSilence = 0.25
        let chunks = try await Self.collect(Self.synthesizer(options), "One. Two.")
        #expect(chunks.count == 2)
        let peak = chunks[1].audio.samples.reduce(0) { max($0, abs($1)) }
        #expect(abs(peak - 1) < 1e-6)
        let tail = chunks[0].audio.samples.suffix(Int(0.25 * 22050))
        #expect(tail.allSatisfy { $0 == 0 }, "silence after a sentence that is not the last")
        #expect(chunks[1].audio.samples.suffix(2205).contains { $0 != 0 }, "no silence after the last sentence")
    }

    @Test func sameSeedSameAudioAndSpeedShortens() async throws {
        let a = try await Self.collect(Self.synthesizer(), "Repeat after me.")
        let b = try await Self.collect(Self.synthesizer(), "Repeat after me.")
        #expect(a == b)
        var other = PiperSynthesisOptions.default
        other.seed = 7
        let c = try await Self.collect(Self.synthesizer(other), "Repeat after me.")
        #expect(c != a)
        var fast = PiperSynthesisOptions.default
        fast.lengthScale = 0.5
        fast.noiseW = 0
        var normal = fast
        normal.lengthScale = 1
        let quick = try await Self.collect(Self.synthesizer(fast), "Repeat after me.")
        let slow = try await Self.collect(Self.synthesizer(normal), "Repeat after me.")
        let ratio = Double(quick[0].audio.frameCount) / Double(slow[0].audio.frameCount)
        #expect(ratio > 0.4 && ratio < 0.6, "length scale 0.5 gave \(ratio) of the duration")
    }

    @Test func emptyAndPunctuationGiveNoChunks() async throws {
        #expect(try await Self.collect(Self.synthesizer(), "").isEmpty)
        #expect(try await Self.collect(Self.synthesizer(), "   \n ").isEmpty)
        #expect(try await Self.collect(Self.synthesizer(), "... ;;").isEmpty)
    }

    @Test func emojiAndOtherScriptsAreSpoken() async throws {
        for text in ["I like 😀 and 🎉.", "中文 text", "Ελληνικά και English.", "مرحبا"] {
            let chunks = try await Self.collect(Self.synthesizer(), text)
            let samples = chunks.flatMap(\.audio.samples)
            #expect(!chunks.isEmpty && samples.count > 2205 && samples.allSatisfy(\.isFinite), "\(text)")
        }
    }

    @Test func missingPhonemesAreSkippedWithOneWarning() async throws {
        let log = Log()
        let chunks = try await Self.collect(Self.synthesizer(log: log), "Say [[hˈɛ☃loʊ]] once. And [[☃ɐ]] twice.")
        #expect(chunks.count == 2)
        #expect(log.warnings.count == 1 && log.warnings.first?.contains("☃") == true, "\(log.warnings)")
    }

    @Test func badVoicesAndSpeakersAreClearErrors() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("fake.onnx")
        try Data("this is not an onnx model".utf8).write(to: fake)
        try FileManager.default.copyItem(at: PiperTestVoice.directory.appendingPathComponent("en_US-joe-medium.onnx.json"),
                                         to: folder.appendingPathComponent("fake.onnx.json"))
        #expect(throws: (any Error).self) { try PiperVoice(modelPath: fake.path) }
        #expect(throws: ConfigurationError.self) { try PiperVoice(modelPath: folder.appendingPathComponent("none.onnx").path) }
        let badJSON = folder.appendingPathComponent("bad.onnx")
        try FileManager.default.copyItem(atPath: PiperTestVoice.modelPath, toPath: badJSON.path)
        try Data("{\"audio\": {}}".utf8).write(to: folder.appendingPathComponent("bad.onnx.json"))
        #expect(throws: ConfigurationError.self) { try PiperVoice(modelPath: badJSON.path) }
        #expect(throws: ConfigurationError.self) { try PiperTestVoice.voice().speakerID("3") }
        var options = PiperSynthesisOptions.default
        options.speaker = 1
        #expect(throws: ConfigurationError.self) { try Self.synthesizer(options) }
    }
}
