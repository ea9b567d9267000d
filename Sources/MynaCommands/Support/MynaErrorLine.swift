import ArgumentParser
import Foundation
import MynaKit

/// Maps Myna's error types to the one line printed on stderr and the process exit code (DESIGN.md §7: exit codes live here only).
enum MynaErrorLine {
    /// Exit code for input that cannot be processed (missing, unreadable, unsupported files; bad values).
    static let badInput: Int32 = 2
    /// Exit code for a rejection or an unknown answer: `verify` rejects, `identify` finds nobody.
    static let rejected: Int32 = 1
    /// Exit code for a device or output failure (a sound device failed, writing the output failed midway) and any
    /// other failure at run time.
    static let failure: Int32 = 3
    /// Speaker commands: no speaker has that name (or nobody is enrolled).
    static let unknownSpeaker: Int32 = 4
    /// Speaker commands: a conflict — the recording is already enrolled, the name is taken, another encoder.
    static let conflict: Int32 = 5
    /// Speaker commands: the database cannot be used — read-only, corrupt, from a newer Myna, I/O failure.
    static let databaseUnusable: Int32 = 6
    /// Speaker commands: another process kept the database locked for longer than --db-timeout (try again).
    static let databaseLocked: Int32 = 7
    /// `--server`: the server could not be reached, refused the API key, kept failing or answered something that is
    /// not Myna's (its refusals of the input itself are bad input).
    static let serverFailure: Int32 = 8

    static func line(for error: Error) -> String? {
        switch error {
        case let error as AudioIOError: return error.description
        case let error as ConfigurationError: return error.description
        case let error as WeightLoadingError: return error.description
        case let error as FeatureError: return error.description
        case let error as OutputFileError: return error.description
        case let error as CommandFailure: return error.description
        case let error as SpeakerInputError: return error.description
        case let error as SpeakerRegistryError: return error.description
        default: return nil
        }
    }

    /// The message for any error: Myna's own errors as `line(for:)`, others in the user's terms where they can be.
    static func message(for error: Error) -> String {
        if let line = line(for: error) { return line }
        if let error = error as? LocalizedError, let description = error.errorDescription { return description }
        return (error as NSError).localizedDescription
    }

    static func exitCode(for error: Error) -> Int32 {
        switch error {
        case let error as AudioIOError:
            switch error.code {
            case .deviceBusy, .deviceFailure, .deviceNotFound: return failure
            default: return badInput
            }
        case let error as OutputFileError:
            return error.code == .invalidDestination ? badInput : failure
        case let error as CommandFailure: return error.exitCode
        case let error as RemoteServerError: return error.code == .rejected ? badInput : serverFailure
        case let error as SpeakerRegistryError:
            switch error.code {
            case .unknownSpeaker: return unknownSpeaker
            case .speakerExists, .duplicateUtterance, .encoderMismatch: return conflict
            case .locked: return databaseLocked
            case .invalidName, .invalidArchive: return badInput
            default: return databaseUnusable
            }
        default: return badInput
        }
    }
}

/// A command-level failure with its own message and exit code (for example `verify` rejecting a speaker).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32 = 1
}
