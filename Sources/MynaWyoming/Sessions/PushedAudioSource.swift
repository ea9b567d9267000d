import Foundation
import MynaKit

/// A live `AudioSource` fed by a connection: the 16 kHz mono samples of `audio-chunk`s as they arrive, read by the
/// dictation pipeline (`MynaEngine.dictate`) on its own task. `read` returns everything queued (up to `maxFrames`),
/// waiting only when nothing is, so a recognizer that fell behind catches up in one read.
///
/// Thread-safety: `push` and `finish` from the connection, `read` from the dictation task; one lock.
final class PushedAudioSource: AudioSource, @unchecked Sendable {
    let format = AudioFormat.speech16k

    private let lock = NSLock()
    private var queued: [Float] = []
    private var ended = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Queues samples (16 kHz mono).
    func push(_ samples: [Float]) {
        guard !samples.isEmpty else { return }
        lock.lock()
        queued += samples
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume()
    }

    /// Ends the stream: `read` returns what is queued, then nil.
    func finish() {
        lock.lock()
        ended = true
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume()
    }

    func read(maxFrames: Int) async throws -> AudioBuffer? {
        while true {
            switch take(maxFrames: maxFrames) {
            case .samples(let samples): return AudioBuffer(mono: samples, sampleRate: format.sampleRate)
            case .end: return nil
            case .none: await withCheckedContinuation { wait($0) }
            }
        }
    }

    private enum Taken { case samples([Float]), end, none }

    /// Up to `maxFrames` queued samples, or the end, or nothing yet.
    private func take(maxFrames: Int) -> Taken {
        lock.lock()
        defer { lock.unlock() }
        if !queued.isEmpty {
            let count = min(maxFrames, queued.count)
            let samples = Array(queued.prefix(count))
            queued.removeFirst(count)
            return .samples(samples)
        }
        return ended ? .end : .none
    }

    /// Resumes `continuation` at the next `push` or `finish` (at once if one came meanwhile).
    private func wait(_ continuation: CheckedContinuation<Void, Never>) {
        lock.lock()
        if !queued.isEmpty || ended {
            lock.unlock()
            continuation.resume()
        } else {
            waiter = continuation
            lock.unlock()
        }
    }
}
