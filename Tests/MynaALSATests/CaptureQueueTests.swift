import Foundation
import MynaCore
import Testing
@testable import MynaALSA

// The time limit guards against hangs, not pace: on 2 cores the test pool can be busy with model suites for minutes.
@Suite("Capture queue", .timeLimit(.minutes(5)))
struct CaptureQueueTests {
    private func push(_ queue: CaptureQueue, _ samples: [Float], _ policy: ALSACaptureOptions.OverflowPolicy) {
        samples.withUnsafeBufferPointer { queue.push($0, policy: policy) }
    }

    @Test("a full queue drops the oldest frames, counts them and keeps the newest")
    func dropOldest() async throws {
        let queue = CaptureQueue(capacityFrames: 4, channelCount: 2)
        push(queue, [1, 1, 2, 2, 3, 3], .dropOldest)
        push(queue, [4, 4, 5, 5, 6, 6], .dropOldest)
        #expect(queue.droppedFrameCount == 2)
        #expect(try await queue.pop(maxFrames: 10) == [3, 3, 4, 4, 5, 5, 6, 6])
        push(queue, (0..<20).map(Float.init), .dropOldest)  // 10 frames into 4
        #expect(queue.droppedFrameCount == 8)
        #expect(try await queue.pop(maxFrames: 10) == (12..<20).map(Float.init))
    }

    @Test("waitForReader blocks the producer until the reader makes room, losing nothing")
    func waitForReader() async throws {
        let queue = CaptureQueue(capacityFrames: 3, channelCount: 1)
        let input = (0..<1000).map(Float.init)
        let producer = Thread {
            for start in stride(from: 0, to: input.count, by: 7) {
                input[start..<min(start + 7, input.count)].withUnsafeBufferPointer { queue.push($0, policy: .waitForReader) }
            }
            queue.end(failure: nil)
        }
        producer.start()
        var output: [Float] = []
        while let samples = try await queue.pop(maxFrames: 2) {
            #expect(samples.count <= 2)
            output += samples
        }
        #expect(output == input)
        #expect(queue.droppedFrameCount == 0)
    }

    @Test("after the queued audio, a failure is thrown every time")
    func failureAfterAudio() async throws {
        let queue = CaptureQueue(capacityFrames: 8, channelCount: 1)
        push(queue, [1, 2], .dropOldest)
        queue.end(failure: AudioIOError(.deviceFailure, location: "hw:1,0", message: "unplugged"))
        #expect(try await queue.pop(maxFrames: 8) == [1, 2])
        await #expect(throws: AudioIOError.self) { try await queue.pop(maxFrames: 8) }
        await #expect(throws: AudioIOError.self) { try await queue.pop(maxFrames: 8) }
    }

    @Test("cancelling a waiting reader throws CancellationError")
    func cancellation() async throws {
        let queue = CaptureQueue(capacityFrames: 8, channelCount: 1)
        let reader = Task { try await queue.pop(maxFrames: 8) }
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
    }

    @Test("after a stop request waitForReader still waits for the reader, losing nothing")
    func stopKeepsWaiting() async throws {
        let queue = CaptureQueue(capacityFrames: 2, channelCount: 1)
        queue.requestStop()
        let producer = Thread {
            [Float]([1, 2, 3, 4, 5]).withUnsafeBufferPointer { queue.push($0, policy: .waitForReader) }
            queue.end(failure: nil)
        }
        producer.start()
        var output: [Float] = []
        while let samples = try await queue.pop(maxFrames: 8) { output += samples }
        #expect(output == [1, 2, 3, 4, 5])
        #expect(queue.droppedFrameCount == 0)
    }

    @Test("a capture thread stuck in an ALSA call fails the waiting reader after the queued audio, and stops")
    func stuckCallFailsReader() async throws {
        let queue = CaptureQueue(capacityFrames: 8, channelCount: 1)
        queue.watchDeviceCalls(limit: .milliseconds(100),
                               failure: AudioIOError(.deviceFailure, location: "hw:1,0", message: "stalled"))
        push(queue, [1, 2], .dropOldest)
        let release = DispatchSemaphore(value: 0)
        let producer = Thread {
            queue.deviceCall { release.wait() }     // a snd_pcm_readi that does not return until the test says so
            [Float]([3, 4]).withUnsafeBufferPointer { queue.push($0, policy: .waitForReader) }
            queue.end(failure: nil)
        }
        producer.start()
        #expect(try await queue.pop(maxFrames: 8) == [1, 2])
        let error = await #expect(throws: AudioIOError.self) { try await queue.pop(maxFrames: 8) }
        #expect(error?.message == "stalled")
        #expect(queue.isStopRequested, "the thread stops if the call ever returns")
        release.signal()
        // What the thread does after the call returns changes nothing: no audio after the failure, the same failure.
        while !producer.isFinished { try await Task.sleep(for: .milliseconds(10)) }
        await #expect(throws: AudioIOError.self) { try await queue.pop(maxFrames: 8) }
    }

    @Test("an abandoned queue stops waitForReader from blocking")
    func abandonUnblocksProducer() async throws {
        let queue = CaptureQueue(capacityFrames: 2, channelCount: 1)
        queue.abandon()
        push(queue, [1, 2, 3, 4, 5], .waitForReader)
        #expect(queue.droppedFrameCount == 3)
        #expect(try await queue.pop(maxFrames: 8) == [4, 5])
    }
}
