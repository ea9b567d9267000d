internal import CSndFile
import Foundation
import MynaCore

/// The one funnel through which libsndfile failures become `AudioIOError`s naming the C call, its code and its message
/// (DESIGN.md §6).
enum SndFileCall {
    /// libsndfile keeps the error of a failed `sf_open` in one process-wide variable (the `NULL` handle's error), so an
    /// open and the read-back of its error must not interleave with another thread's open.
    static let openLock = NSLock()

    /// The error libsndfile recorded for `handle` (or for the last failed open when `handle` is nil), as an
    /// `AudioIOError` whose message starts with `problem` and ends with the C call, code and libsndfile's own words.
    static func error(_ call: String, handle: OpaquePointer?, code: AudioIOError.Code, location: String,
                      problem: String) -> AudioIOError {
        let detail = detail(call, number: sf_error(handle), text: String(cString: sf_strerror(handle)))
        return AudioIOError(code, location: location, message: "\(problem) \(detail)")
    }

    /// How every libsndfile failure ends its message: "(libsndfile <call>: error <number>: <libsndfile's text>)".
    static func detail(_ call: String, number: Int32, text: String) -> String {
        "(libsndfile \(call): error \(number): \(text))"
    }

    /// The libsndfile error number recorded for `handle` (0 when none).
    static func errorNumber(_ handle: OpaquePointer?) -> Int32 {
        sf_error(handle)
    }

    /// Throws when a libsndfile call that returns an error number (0 on success) failed.
    static func check(_ result: Int32, _ call: String, code: AudioIOError.Code, location: String, problem: String) throws {
        guard result != 0 else { return }
        let detail = detail(call, number: result, text: String(cString: sf_error_number(result)))
        throw AudioIOError(code, location: location, message: "\(problem) \(detail)")
    }

    /// Whether a libsndfile error number is `SF_ERR_SYSTEM` (the operating system refused: missing directory,
    /// permissions, read-only file system).
    static func isSystemError(_ number: Int32) -> Bool {
        Int(number) == SF_ERR_SYSTEM
    }

    /// How a failed `sf_open` for reading is classified; the problem text is refined by `SoundFileDiagnosis` where the
    /// header can be read.
    static func classifyOpenFailure(_ number: Int32) -> (code: AudioIOError.Code, problem: String) {
        switch Int(number) {
        case SF_ERR_UNRECOGNISED_FORMAT:
            return (.unsupportedFormat, "not a recognised audio file format")
        case SF_ERR_SYSTEM:
            return (.unreadable, "cannot open the file")
        case SF_ERR_UNSUPPORTED_ENCODING:
            return (.unsupportedFormat, "unsupported audio encoding")
        default:
            // SF_ERR_MALFORMED_FILE and libsndfile's internal codes (bad 'fmt ' chunk, zero channels, …) all mean the
            // header cannot describe playable audio.
            return (.invalidFormat, "malformed or unsupported audio header")
        }
    }
}
