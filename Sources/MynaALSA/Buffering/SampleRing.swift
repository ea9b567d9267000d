/// A fixed-capacity FIFO of Float samples in one allocation: appends and removals are at most two `memcpy`s.
///
/// Not thread-safe: `CaptureQueue` and `PlaybackQueue` guard it with their lock.
final class SampleRing {
    /// Samples it can hold.
    let capacity: Int
    private let storage: UnsafeMutablePointer<Float>
    /// Index of the oldest sample.
    private var head = 0
    /// Samples held.
    private(set) var count = 0

    init(capacity: Int) {
        precondition(capacity > 0, "ring capacity must be positive")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    var freeCount: Int { capacity - count }
    var isEmpty: Bool { count == 0 }

    /// Appends `sampleCount` samples; they must fit (`sampleCount <= freeCount`).
    func append(_ samples: UnsafePointer<Float>, count sampleCount: Int) {
        precondition(sampleCount <= freeCount, "ring overflow: \(sampleCount) samples into \(freeCount) free")
        let tail = (head + count) % capacity
        let first = min(sampleCount, capacity - tail)
        (storage + tail).update(from: samples, count: first)
        if first < sampleCount {
            storage.update(from: samples + first, count: sampleCount - first)
        }
        count += sampleCount
    }

    /// Removes the `sampleCount` oldest samples into `destination`.
    func removeFirst(_ sampleCount: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(sampleCount <= count, "ring underflow: \(sampleCount) samples of \(count)")
        let first = min(sampleCount, capacity - head)
        destination.update(from: storage + head, count: first)
        if first < sampleCount {
            (destination + first).update(from: storage, count: sampleCount - first)
        }
        discardFirst(sampleCount)
    }

    /// Removes the `sampleCount` oldest samples into a new array.
    func removeFirst(_ sampleCount: Int) -> [Float] {
        guard sampleCount > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: sampleCount) { buffer, initialized in
            removeFirst(sampleCount, into: buffer.baseAddress!)
            initialized = sampleCount
        }
    }

    /// Forgets the `sampleCount` oldest samples.
    func discardFirst(_ sampleCount: Int) {
        precondition(sampleCount <= count, "ring underflow: \(sampleCount) samples of \(count)")
        head = (head + sampleCount) % capacity
        count -= sampleCount
        if count == 0 { head = 0 }
    }
}
