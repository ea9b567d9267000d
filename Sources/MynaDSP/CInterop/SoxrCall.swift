internal import CSoxr
import MynaCore

/// The funnel for libsoxr failures. soxr reports errors as a message string (NULL on success) with no numeric code.
enum SoxrCall {
    static func check(_ error: soxr_error_t?, _ call: String) throws {
        guard let error else { return }
        throw AudioIOError(.invalidArgument, location: "resampler", message: "libsoxr \(call) failed: \(String(cString: error))")
    }
}
