import Hummingbird
import MynaKit

extension OpenAIError {
    /// The one mapping from Myna's errors to HTTP statuses (DESIGN.md §7: it lives only in MynaServer).
    ///
    /// What the client sent wrong is a 400 naming the parameter (`param`) when the library names a field; audio that
    /// libsndfile cannot read or that is empty is a 400 on `file`; Hummingbird's own errors keep their status (413 for
    /// an upload over the limit, 404 for an unknown route). Anything else is a bug: a 500 whose message says only
    /// that, the details going to the log.
    static func from(_ error: any Error, param: String? = nil) -> OpenAIError {
        switch error {
        case let error as OpenAIError:
            return error
        case let error as ConfigurationError:
            return .invalid(param ?? error.field, error.message)
        case let error as AudioIOError:
            // The location is the upload's own file name (an upload is decoded in memory, never from a path).
            return .invalid(param ?? "file", "the audio '\(error.location)' could not be read: \(error.message)",
                            code: "invalid_audio")
        case let error as SpeakerInputError:
            return .invalid(param ?? "file", "the audio cannot give a voice profile: \(error.description)", code: "invalid_audio")
        case let error as SpeakerRegistryError:
            return speakerError(error)
        case let error as HTTPError:
            let message = error.body ?? Self.reason(for: error.status)
            return OpenAIError(error.status, message, code: error.status == .contentTooLarge ? "upload_too_large" : nil)
        case let error as HTTPResponseError:
            return OpenAIError(error.status, Self.reason(for: error.status),
                               code: error.status == .contentTooLarge ? "upload_too_large" : nil)
        default:
            return OpenAIError(.internalServerError, "internal server error (a bug in Myna: the server log has the details)")
        }
    }

    /// The speakers routes' statuses: an unknown speaker is a 404, a taken name, a recording enrolled already or a
    /// speaker of another encoder a 409, a bad name a 400, and a database that is locked or unusable a 503 (the
    /// server's state, not the request's fault nor a bug). The message leaves out the database's path.
    private static func speakerError(_ error: SpeakerRegistryError) -> OpenAIError {
        switch error.code {
        case .unknownSpeaker:
            return .notFound("name", error.message, code: "speaker_not_found")
        case .speakerExists:
            return OpenAIError(.conflict, error.message, param: "name", code: "speaker_exists")
        case .duplicateUtterance:
            return OpenAIError(.conflict, error.message, param: "file", code: "recording_already_enrolled")
        case .encoderMismatch:
            return OpenAIError(.conflict, error.message, param: "name", code: "encoder_mismatch")
        case .invalidName:
            return .invalid("name", error.message, code: "invalid_speaker_name")
        case .locked:
            return OpenAIError(.serviceUnavailable, "the speaker database is busy: \(error.message)", code: "database_locked",
                               retryAfterSeconds: 1)
        default:
            return OpenAIError(.serviceUnavailable, "the speaker database cannot be used: \(error.message)",
                               code: "database_unusable")
        }
    }

    private static func reason(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "no such route: see GET /v1/models and the README's Server section for the routes"
        case 405: "method not allowed on this route"
        case 413: "the request body is larger than the server accepts (--max-upload-mb)"
        default: status.reasonPhrase
        }
    }
}
