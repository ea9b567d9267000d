internal import CALSA
import Glibc
import MynaCore

/// The one funnel for alsa-lib return codes (DESIGN.md §6, after swift-nio's `syscall(blocking:where:_:)`).
///
/// Runs `call` with alsa-lib's diagnostics captured (see `ALSAMessageCapture`), retries it while it returns `-EINTR`,
/// returns any non-negative result, and turns any other negative result into an `AudioIOError` naming the C call, its
/// code, `snd_strerror`'s text, alsa-lib's own message and the device (see `alsaError`).
///
/// - Parameters:
///   - name: The C function, as it appears in the message (`snd_pcm_open`).
///   - device: The ALSA device name the call is about; becomes the error's location.
///   - failure: The code for failures that are not a missing or busy device (default `.deviceFailure`).
///   - problem: What failed, in words, for those failures (default "audio device failed").
@discardableResult
func alsaCall<Result: BinaryInteger>(_ name: String, device: String, failure: AudioIOError.Code = .deviceFailure,
                                     problem: String? = nil, _ call: () -> Result) throws -> Result {
    while true {
        let (result, message) = ALSAMessageCapture.capturing(call)
        if result >= 0 { return result }
        let code = Int32(truncatingIfNeeded: result)
        if code == -EINTR { continue }
        throw alsaError(name, code: code, device: device, failure: failure, problem: problem, detail: message)
    }
}

/// The `AudioIOError` for a negative alsa-lib return `code` from `call` on `device`.
///
/// `-ENOENT`, `-ENODEV` ("No such device") and `-ENXIO` become `.deviceNotFound` (an unknown PCM name, a card that
/// does not exist, a device unplugged while open); `-EBUSY` becomes `.deviceBusy` (with `SND_PCM_NONBLOCK`, opening a
/// `hw` device another program holds fails at once with it); `-EACCES`/`-EPERM` explain the usual cause; anything else
/// gets `failure` and `problem`. `detail` is alsa-lib's own message, when it printed one.
func alsaError(_ call: String, code: Int32, device: String, failure: AudioIOError.Code = .deviceFailure,
               problem: String? = nil, detail: String? = nil) -> AudioIOError {
    let text = String(cString: snd_strerror(code))
    let cause = "ALSA \(call): error \(code): \(text)\(detail.map { "; \($0)" } ?? "")"
    switch -code {
    case ENOENT, ENODEV, ENXIO:
        return AudioIOError(.deviceNotFound, location: device,
                            message: "no such audio device; 'myna devices' lists the devices (\(cause))")
    case EBUSY:
        return AudioIOError(.deviceBusy, location: device, message: "device busy: another program is using it (\(cause))")
    case EACCES, EPERM:
        return AudioIOError(.deviceFailure, location: device,
                            message: "permission denied; is this user in the 'audio' group? (\(cause))")
    default:
        return AudioIOError(failure, location: device, message: "\(problem ?? "audio device failed") (\(cause))")
    }
}
