import ArgumentParser
import MynaCore

/// Maps Myna's error types to the one line printed on stderr and the process exit code (DESIGN.md §7: exit codes live here only).
enum MynaErrorLine {
    /// Exit code for input that cannot be processed (missing, unreadable, unsupported files; bad values).
    static let badInput: Int32 = 2
    /// Exit code for a device or runtime failure.
    static let failure: Int32 = 3

    static func line(for error: Error) -> String? {
        switch error {
        case let error as AudioIOError: return error.description
        case let error as ConfigurationError: return error.description
        case let error as WeightLoadingError: return error.description
        case let error as FeatureError: return error.description
        case let error as OutputFileError: return error.description
        case let error as CommandFailure: return error.description
        default: return nil
        }
    }

    static func exitCode(for error: Error) -> Int32 {
        switch error {
        case let error as AudioIOError:
            switch error.code {
            case .deviceBusy, .deviceFailure, .deviceNotFound: return failure
            default: return badInput
            }
        case let error as CommandFailure: return error.exitCode
        default: return badInput
        }
    }
}

/// A command-level failure with its own message and exit code (for example `verify` rejecting a speaker).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32 = 1
}
