import Foundation

/// Splits a range of frames into contiguous chunks and runs them on up to `threadCount` threads.
enum ParallelFrames {
    /// Frames below which one thread does all the work (thread start-up costs more than it saves).
    static let minimumFramesPerThread = 512

    /// Calls `body` once per chunk, concurrently; returns when all chunks are done.
    static func forEachChunk(of frames: Range<Int>, threadCount: Int, _ body: (Range<Int>) -> Void) {
        let chunks = max(1, min(threadCount, frames.count / minimumFramesPerThread))
        if chunks == 1 {
            body(frames)
            return
        }
        let size = (frames.count + chunks - 1) / chunks
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = frames.lowerBound + chunk * size
                let upper = min(frames.upperBound, lower + size)
                if lower < upper { box.value(lower..<upper) }
            }
        }
    }
}

/// Carries a value into `concurrentPerform`'s closure.
///
/// `@unchecked Sendable`: used only for closures that write disjoint frames of one output buffer, and only for the
/// duration of one `concurrentPerform` call.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
