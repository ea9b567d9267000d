import Testing
import MynaTensor
import Synchronization

@Suite("Thread knob and parallel loop")
struct OpThreadsTests {
    @Test func parallelChunksCoverEveryIndexOnce() {
        for count in [0, 1, 2, 3, 17, 1000] {
            for minimumChunk in [1, 7, 5000] {
                let hits = Mutex([Int](repeating: 0, count: count))
                parallelChunks(count, minimumChunk: minimumChunk) { range in
                    hits.withLock { for i in range { $0[i] += 1 } }
                }
                #expect(hits.withLock { $0 } == [Int](repeating: 1, count: count), "count \(count), chunk \(minimumChunk)")
            }
        }
    }

    @Test func threadCountIsPositiveAndSettable() {
        #expect(MynaThreads.processorCount >= 1)
        #expect(MynaThreads.count >= 1)
        let original = MynaThreads.count
        MynaThreads.set(1)
        #expect(MynaThreads.count == 1)
        MynaThreads.set(original)
        #expect(MynaThreads.count == original)
    }
}
