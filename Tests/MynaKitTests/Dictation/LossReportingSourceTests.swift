import MynaCore
import MynaKit
import Testing

/// `LossReportingSource` over a source whose counters the test advances between reads.
@Suite("Loss reporting source")
struct LossReportingSourceTests {
    /// Returns `frames` frames per read, `reads` times, then nil; the test sets the counters.
    final class CountedSource: AudioSource {
        let format = AudioFormat.speech16k
        var reads: Int
        let frames: Int
        var overruns = 0
        var droppedFrames = 0
        init(reads: Int, frames: Int) {
            self.reads = reads
            self.frames = frames
        }
        func read(maxFrames: Int) async throws -> AudioBuffer? {
            guard reads > 0 else { return nil }
            reads -= 1
            return AudioBuffer(format: format, samples: [Float](repeating: 0, count: frames))
        }
    }

    @Test("each loss is reported once, at the read that notices it, with its place in the stream")
    func reportsLossesWhereTheyHappen() async throws {
        let source = CountedSource(reads: 4, frames: 8_000)
        var losses: [AudioLoss] = []
        let reporting = LossReportingSource(source, counters: { (source.overruns, source.droppedFrames) }) {
            losses.append($0)
        }
        _ = try await reporting.read(maxFrames: 8_000)          // 0.5 s read, nothing lost
        #expect(losses.isEmpty)
        source.droppedFrames = 24_000                            // 1.5 s dropped before the next buffer
        _ = try await reporting.read(maxFrames: 8_000)
        #expect(losses == [AudioLoss(position: 0.5, overruns: 0, droppedSeconds: 1.5)])
        _ = try await reporting.read(maxFrames: 8_000)           // nothing new: no second report
        #expect(losses.count == 1)
        source.overruns = 2
        _ = try await reporting.read(maxFrames: 8_000)
        // 0.5 + 1.5 + 0.5 + 0.5 s of stream before this buffer.
        #expect(losses.last == AudioLoss(position: 3.0, overruns: 2, droppedSeconds: 0))
        #expect(try await reporting.read(maxFrames: 8_000) == nil)
        #expect(losses.count == 2)
    }
}
