import Glibc
import MynaCore
import Synchronization
@testable import MynaALSA

/// A capture stream playing 16-bit mono frames one period at a time, with ALSA's failures at chosen periods: an
/// overrun (the device's clock ran ahead of the reader, ALSA's buffer wrapped and `lostFrames` were lost; alsa-lib
/// reports it as `-EPIPE`, which `ALSAPCM` recovers and returns as `.recovered`), or an unplugged device (`-ENODEV`
/// from `snd_pcm_readi`, as `ALSAPCM` throws it). After its frames it delivers silence, like the test PCMs.
///
/// Used only by the capture thread once handed over; the state the test reads afterwards is behind a mutex.
final class ScriptedCaptureStream: CaptureStream {
    enum Failure: Sendable {
        case overrunInWait(lostFrames: Int)
        case overrunInRead(lostFrames: Int)
        case unplugged
    }

    let deviceName = "scripted"
    let setup: ALSAStreamSetup
    private let frames: [Int16]
    private struct State {
        var position = 0
        var periodsRead = 0
        var failures: [Int: Failure]
        var isClosed = false
    }
    private let state: Mutex<State>

    /// `failures[k]` happens instead of the k-th period (counting from 0; each failure happens once).
    init(frames: [Int16], periodFrameCount: Int, failures: [Int: Failure]) {
        self.frames = frames
        setup = ALSAStreamSetup(format: .speech16k, sampleFormat: .int16LittleEndian,
                                periodFrameCount: periodFrameCount, bufferFrameCount: periodFrameCount * 4)
        state = Mutex(State(failures: failures))
    }

    var isClosed: Bool { state.withLock { $0.isClosed } }

    func start() throws {}

    func waitUntilReady(timeoutMilliseconds: Int32) throws -> ALSAPCM.Readiness {
        state.withLock { state in
            guard case .overrunInWait(let lost) = state.failures[state.periodsRead] else { return .ready }
            state.failures[state.periodsRead] = nil
            state.position += lost
            return .recovered
        }
    }

    func read(into buffer: UnsafeMutableRawPointer, frameCount: Int) throws -> ALSAPCM.Transfer {
        try state.withLock { state in
            switch state.failures.removeValue(forKey: state.periodsRead) {
            case .overrunInRead(let lost):
                state.position += lost
                return .recovered
            case .unplugged:
                throw alsaError("snd_pcm_readi", code: -ENODEV, device: deviceName)
            case .overrunInWait, nil:
                break
            }
            let samples = buffer.bindMemory(to: Int16.self, capacity: frameCount)
            for index in 0..<frameCount {
                let frame = state.position + index
                samples[index] = frame < frames.count ? frames[frame] : 0
            }
            state.position += frameCount
            state.periodsRead += 1
            return .frames(frameCount)
        }
    }

    func close() {
        state.withLock { $0.isClosed = true }
    }
}
