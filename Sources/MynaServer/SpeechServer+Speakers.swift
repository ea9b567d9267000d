import Foundation
import Hummingbird
import MynaKit

/// Myna's own speaker routes (not OpenAI's API, but its error envelope), answering the same JSON as the CLI's
/// `--json` (MynaKit's `Speaker…Report` types):
///
///     POST   /v1/speakers                 multipart: name, one or more file,  enrol (409 for a taken name unless
///                                         add=true                            add=true adds the recordings)
///     GET    /v1/speakers                                                     list
///     GET    /v1/speakers/{name}          ?embeddings=true adds the vectors   show
///     DELETE /v1/speakers/{name}                                              remove
///     POST   /v1/speakers/{name}/verify   multipart: file, threshold          is it them?
///     POST   /v1/speakers/identify        multipart: file, threshold, top     who is it?
///
/// Embedding runs under the engine gate and off the cooperative pool, like transcription; the seconds of speech
/// embedded count as the request's audio.
extension SpeechServer {
    func addSpeakerRoutes(to router: Router<ServerRequestContext>) {
        router.post("v1/speakers") { request, context in try await self.enrol(request, usage: context.usage) }
        // Registry calls block until the database answers (a PostgreSQL server over the network), so they run off
        // the cooperative pool, as embedding does.
        router.get("v1/speakers") { _, _ in
            let registry = try self.requireSpeakers().registry
            let listed = try await MynaRuntime.offThePool { try registry.speakers() }
            return try ServerJSON.response(SpeakerListReport(database: registry.location, speakers: listed))
        }
        router.get("v1/speakers/:name") { request, context in
            let registry = try self.requireSpeakers().registry
            let name = try Self.speakerName(context)
            let details = try await MynaRuntime.offThePool { try registry.speaker(named: name) }
            let embeddings = request.uri.queryParameters.get("embeddings") == "true"
            return try ServerJSON.response(SpeakerDetailsReport(details, embeddings: embeddings))
        }
        router.delete("v1/speakers/:name") { _, context in
            let registry = try self.requireSpeakers().registry
            let name = try Self.speakerName(context)
            let removed = try await MynaRuntime.offThePool { try registry.remove(names: [name]) }
            return try ServerJSON.response(SpeakerRemovalReport(removed: removed))
        }
        router.post("v1/speakers/:name/verify") { request, context in
            try await self.verify(request, name: try Self.speakerName(context), usage: context.usage)
        }
        router.post("v1/speakers/identify") { request, context in try await self.identify(request, usage: context.usage) }
    }

    /// The registry, or a 404 for a server made without one (in-process tests of other routes).
    private func requireSpeakers() throws(OpenAIError) -> ServerSpeakers {
        guard let speakers else {
            throw OpenAIError(.notFound, "this server has no speaker registry", code: "speakers_unavailable")
        }
        return speakers
    }

    private func enrol(_ request: Request, usage: RequestUsage) async throws -> Response {
        let speakers = try requireSpeakers()
        let form = try MultipartForm(body: try await collectBody(request), contentType: request.headers[.contentType])
        guard let name = try form.text("name"), !name.isEmpty else {
            throw OpenAIError.invalid("name", "the form has no 'name': give the speaker's name")
        }
        let inputs = try form.uploads("file").map { AudioInput.encoded($0.body, name: $0.displayName) }
        // A new name creates the speaker; a taken one is a 409 unless `add=true` asks to add recordings to them, as
        // `myna enroll` does (names are compared as the registry does, ignoring ASCII case). The check here answers
        // before any embedding work; `.createOnly` repeats it inside the registry's transaction, so of two requests
        // creating one name at once the second is a 409 too, never an addition.
        let adds = try form.text("add")?.lowercased() == "true"
        let registry = speakers.registry
        if !adds, let existing = try? await MynaRuntime.offThePool({ try registry.profile(named: name) }) {
            throw OpenAIError(.conflict, """
                a speaker named "\(existing.name)" is enrolled already: send add=true to add these recordings to them, \
                or choose another name
                """, param: "name", code: "speaker_exists")
        }
        let enrolment = try await onEngine {
            try await MynaRuntime.offThePool { try speakers.service().enroll(name: name, inputs: inputs, mode: adds ? .createOrAdd : .createOnly) }
        }
        usage.addAudio(seconds: enrolment.addedSpeechSeconds)
        return try ServerJSON.response(SpeakerEnrolmentReport(enrolment))
    }

    private func verify(_ request: Request, name: String, usage: RequestUsage) async throws -> Response {
        let speakers = try requireSpeakers()
        let (upload, form) = try await singleUpload(request)
        let threshold = try Self.threshold(form)
        let verdict = try await onEngine {
            try await MynaRuntime.offThePool {
                try speakers.service().verify(name: name, input: .encoded(upload.body, name: upload.displayName),
                                            threshold: threshold)
            }
        }
        usage.addAudio(seconds: verdict.speechSeconds)
        return try ServerJSON.response(SpeakerVerificationReport(verdict, file: upload.displayName))
    }

    private func identify(_ request: Request, usage: RequestUsage) async throws -> Response {
        let speakers = try requireSpeakers()
        let (upload, form) = try await singleUpload(request)
        let threshold = try Self.threshold(form)
        let top = try Self.top(form)
        let result = try await onEngine {
            try await MynaRuntime.offThePool {
                try speakers.service().identify(input: .encoded(upload.body, name: upload.displayName), top: top,
                                              threshold: threshold)
            }
        }
        usage.addAudio(seconds: result.embedding.utterance.speechSeconds)
        return try ServerJSON.response(SpeakerIdentificationReport(result, file: upload.displayName))
    }

    /// The form's one `file` upload (a second is a 400: a decision is about one recording).
    private func singleUpload(_ request: Request) async throws -> (MultipartForm.Part, MultipartForm) {
        let form = try MultipartForm(body: try await collectBody(request), contentType: request.headers[.contentType])
        let uploads = try form.uploads("file")
        guard uploads.count == 1 else {
            throw OpenAIError.invalid("file", "send one recording as 'file' (\(uploads.count) were sent)")
        }
        return (uploads[0], form)
    }

    /// The optional `top` field: how many of the best matches to list (the CLI's default, 3).
    private static func top(_ form: MultipartForm) throws -> Int {
        guard let value = try form.text("top"), !value.isEmpty else { return 3 }
        guard let top = Int(value), top >= 1 else { throw OpenAIError.invalid("top", "'\(value)' must be a whole number, at least 1") }
        return top
    }

    /// The optional `threshold` field, checked as the library checks it.
    private static func threshold(_ form: MultipartForm) throws -> Double? {
        guard let value = try form.text("threshold"), !value.isEmpty else { return nil }
        guard let threshold = Double(value) else { throw OpenAIError.invalid("threshold", "'\(value)' is not a number") }
        do {
            try SpeakerDecisionRule.validate(threshold: threshold)
        } catch let error as ConfigurationError {
            throw OpenAIError.invalid("threshold", error.message)
        }
        return threshold
    }
}

extension SpeechServer {
    /// The `{name}` of `/v1/speakers/{name}`, percent-decoded: the router hands the path segment over as sent, so
    /// `Zo%C3%AB%20Ann` would otherwise name no speaker enrolled as `Zoë Ann`.
    /// - Throws: `OpenAIError` 400 for an encoding that is not UTF-8.
    static func speakerName(_ context: ServerRequestContext) throws -> String {
        let segment = try context.parameters.require("name")
        guard let name = segment.removingPercentEncoding else {
            throw OpenAIError.invalid("name", "the speaker name '\(segment)' is not percent-encoded UTF-8")
        }
        return name
    }
}
