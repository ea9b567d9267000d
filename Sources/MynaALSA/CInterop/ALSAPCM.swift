internal import CALSA
import Glibc
import MynaCore

/// One open ALSA PCM (`snd_pcm_t`), negotiated and prepared; `snd_pcm_close` runs in `close()` or `deinit`.
///
/// Thread-safety: none of its own. A capture or playback device opens it on the caller's thread, then hands it to its
/// I/O thread, which is from then on its only user and closes it before it ends (hence `@unchecked Sendable`: the
/// hand-over happens once, before the thread starts).
final class ALSAPCM: @unchecked Sendable {
    enum Direction: Sendable {
        case capture, playback
    }

    /// The outcome of a read or write.
    enum Transfer: Equatable {
        /// This many frames moved (0 when the call was interrupted and should simply be repeated).
        case frames(Int)
        /// An overrun, underrun or suspend happened and `snd_pcm_recover` brought the stream back; count it and go on.
        case recovered
    }

    /// The outcome of waiting for the device.
    enum Readiness: Equatable {
        case ready, timedOut, recovered
    }

    let deviceName: String
    let direction: Direction
    let setup: ALSAStreamSetup
    private var handle: OpaquePointer?

    /// Opens `device` and negotiates the nearest setup to `requested` (see `ALSAPCM+Negotiation`).
    ///
    /// - Parameter bufferDuration: ALSA's buffer, in seconds; a period is a quarter of it.
    /// - Throws: `AudioIOError` `.deviceNotFound`, `.deviceBusy`, `.unsupportedFormat` or `.deviceFailure`.
    init(device: String, direction: Direction, requested: AudioFormat, bufferDuration: Double) throws {
        var opened: OpaquePointer?
        let stream = direction == .capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK
        // Non-blocking open: the kernel makes a blocking open of a `hw` device that another program holds wait until
        // it is released; non-blocking, it fails at once with -EBUSY. Transfers are blocking (snd_pcm_nonblock 0).
        try alsaCall("snd_pcm_open", device: device) { snd_pcm_open(&opened, device, stream, SND_PCM_NONBLOCK) }
        guard let opened else {
            throw AudioIOError(.deviceFailure, location: device, message: "snd_pcm_open returned no handle")
        }
        do {
            try alsaCall("snd_pcm_nonblock", device: device) { snd_pcm_nonblock(opened, 0) }
            setup = try Self.negotiate(opened, device: device, direction: direction, requested: requested,
                                       bufferDuration: bufferDuration)
        } catch {
            _ = ALSAMessageCapture.capturing { snd_pcm_close(opened) }
            throw error
        }
        deviceName = device
        self.direction = direction
        handle = opened
    }

    deinit {
        close()
    }

    /// Closes the PCM now (idempotent). A playback stream that was not drained stops at once.
    func close() {
        guard let handle else { return }
        self.handle = nil
        _ = ALSAMessageCapture.capturing { snd_pcm_close(handle) }
    }

    /// Starts a capture stream (a capture stream does not run until started or read).
    func start() throws {
        try alsaCall("snd_pcm_start", device: deviceName) { snd_pcm_start(openHandle) }
    }

    /// Waits up to `timeoutMilliseconds` until at least a period can be read or written.
    func waitUntilReady(timeoutMilliseconds: Int32) throws -> Readiness {
        let (result, detail) = ALSAMessageCapture.capturing { snd_pcm_wait(openHandle, timeoutMilliseconds) }
        if result > 0 { return .ready }
        if result == 0 { return .timedOut }
        return try recover(from: result, call: "snd_pcm_wait", detail: detail) ? .recovered : .timedOut
    }

    /// Reads up to `frameCount` interleaved frames in `setup.sampleFormat` into `buffer`, blocking until they arrive.
    func read(into buffer: UnsafeMutableRawPointer, frameCount: Int) throws -> Transfer {
        let (result, detail) = ALSAMessageCapture.capturing {
            snd_pcm_readi(openHandle, buffer, snd_pcm_uframes_t(frameCount))
        }
        if result >= 0 { return .frames(result) }
        return try recover(from: Int32(truncatingIfNeeded: result), call: "snd_pcm_readi", detail: detail)
            ? .recovered : .frames(0)
    }

    /// Writes up to `frameCount` interleaved frames in `setup.sampleFormat` from `buffer`, blocking for room.
    func write(from buffer: UnsafeRawPointer, frameCount: Int) throws -> Transfer {
        let (result, detail) = ALSAMessageCapture.capturing {
            snd_pcm_writei(openHandle, buffer, snd_pcm_uframes_t(frameCount))
        }
        if result >= 0 { return .frames(result) }
        return try recover(from: Int32(truncatingIfNeeded: result), call: "snd_pcm_writei", detail: detail)
            ? .recovered : .frames(0)
    }

    /// Plays what was written and waits until the device has played it (playback only).
    func drain() throws {
        let (result, detail) = ALSAMessageCapture.capturing { snd_pcm_drain(openHandle) }
        // An underrun or suspend at the very end means everything written was already played.
        if result >= 0 || result == -EPIPE || result == -ESTRPIPE { return }
        throw alsaError("snd_pcm_drain", code: result, device: deviceName, detail: detail)
    }

    /// Stops the stream at once, discarding what was not yet played.
    func drop() {
        guard let handle else { return }
        _ = ALSAMessageCapture.capturing { snd_pcm_drop(handle) }
    }

    private var openHandle: OpaquePointer {
        guard let handle else { preconditionFailure("ALSA PCM \(deviceName) used after close") }
        return handle
    }

    /// Recovers from an overrun (capture), underrun (playback) or suspend with `snd_pcm_recover`, restarting a capture
    /// stream. Returns true when it recovered, false for a call to repeat (`-EINTR`, `-EAGAIN`); throws otherwise.
    private func recover(from code: Int32, call: String, detail: String?) throws -> Bool {
        switch -code {
        case EINTR, EAGAIN:
            return false
        case EPIPE, ESTRPIPE:
            // silent = 1: recover without alsa-lib printing "overrun!!!" on stderr; we count instead.
            try alsaCall("snd_pcm_recover", device: deviceName) { snd_pcm_recover(openHandle, code, 1) }
            // After an overrun the stream is prepared and must be restarted; a resumed suspend is running already.
            if direction == .capture && snd_pcm_state(openHandle) == SND_PCM_STATE_PREPARED { try start() }
            return true
        default:
            throw alsaError(call, code: code, device: deviceName, detail: detail)
        }
    }
}
