internal import CALSA
import Foundation
import Glibc

/// Collects what alsa-lib reports through its error handler during one call on the current thread, so that it
/// becomes part of the error we throw instead of lines on stderr.
///
/// alsa-lib prints diagnostics such as `Unknown PCM nosuchpcm` or `Cannot get card index for 9` to stderr through
/// its default handler. `snd_lib_error_set_local` installs a handler for the calling thread only (the default handler
/// forwards to it and prints nothing), so `capturing` installs ours around one call and restores the previous one.
/// The first message is kept: it is the root cause ("cannot find card '0'"), later ones are consequences.
enum ALSAMessageCapture {
    /// Messages collected on one thread during one `capturing` call.
    final class Messages {
        var first: String?
    }

    /// Thread-local slot holding the `Messages` of the innermost `capturing` call on this thread.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create failed with \(status)")
        return key
    }()

    /// Runs `body` with alsa-lib's messages redirected into the result instead of stderr.
    static func capturing<Result>(_ body: () -> Result) -> (result: Result, message: String?) {
        let messages = Messages()
        let previousMessages = pthread_getspecific(key)
        let retained = Unmanaged.passRetained(messages)
        pthread_setspecific(key, retained.toOpaque())
        let previousHandler = snd_lib_error_set_local { _, _, _, _, format, arguments in
            ALSAMessageCapture.record(format: format, arguments: arguments)
        }
        defer {
            snd_lib_error_set_local(previousHandler)
            pthread_setspecific(key, previousMessages)
            retained.release()
        }
        let result = body()
        return (result, messages.first)
    }

    /// Called by alsa-lib (through the local handler) on the thread that made the failing call.
    private static func record(format: UnsafePointer<CChar>?, arguments: CVaListPointer?) {
        guard let format, let arguments, let slot = pthread_getspecific(key) else { return }
        let messages = Unmanaged<Messages>.fromOpaque(slot).takeUnretainedValue()
        guard messages.first == nil else { return }
        var text = [CChar](repeating: 0, count: 512)
        let written = text.withUnsafeMutableBufferPointer { buffer in
            vsnprintf(buffer.baseAddress, buffer.count, format, arguments)
        }
        guard written > 0 else { return }
        let line = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // One line: alsa-lib's messages sometimes end in (or contain) newlines.
        messages.first = line.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
