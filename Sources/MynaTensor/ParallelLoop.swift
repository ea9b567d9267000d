import Dispatch

/// Myna's own parallel loop: splits `0..<count` into at most `MynaThreads.count` contiguous chunks and runs `body`
/// once per chunk, concurrently. Chunks are never smaller than `minimumChunk` so tiny loops stay on the calling
/// thread. `body` must only write to memory no other chunk writes (each chunk owns its output range).
@inlinable
public func parallelChunks(_ count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let chunkCount = min(MynaThreads.count, max(1, count / max(1, minimumChunk)))
    if chunkCount <= 1 {
        body(0..<count)
        return
    }
    let chunkSize = (count + chunkCount - 1) / chunkCount
    // concurrentPerform wants a @Sendable closure; `body` is safe to share because it returns before this function
    // does and chunks write disjoint memory (the contract above), so the non-Sendable captures never race.
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        let start = chunk * chunkSize
        let end = min(count, start + chunkSize)
        if start < end { body(start..<end) }
    }
}
