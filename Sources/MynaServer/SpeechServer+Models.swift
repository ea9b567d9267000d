import Hummingbird

/// `GET /v1/models` and `GET /v1/models/{id}`: OpenAI's model objects.
struct ModelObject: Encodable {
    var id: String
    var object = "model"
    /// Unix seconds; the server's start (installed models carry no date of their own).
    var created: Int
    var owned_by: String
}

struct ModelList: Encodable {
    var object = "list"
    var data: [ModelObject]
}

extension SpeechServer {
    /// The names a request may use as `model`: OpenAI's (`whisper-1`, `tts-1`, `tts-1-hd`), then the installed
    /// Whisper models and Piper voices by folder name.
    var modelObjects: [ModelObject] {
        let models = self.models
        let names = ["whisper-1"] + models.whisperModels + ["tts-1", "tts-1-hd"] + models.voices
        return names.map { ModelObject(id: $0, created: created, owned_by: $0.hasSuffix("-1") || $0.hasPrefix("tts-") ? "myna" : "myna-installed") }
    }

    func addModelRoutes(to router: Router<ServerRequestContext>) {
        router.get("v1/models") { _, _ in try ServerJSON.response(ModelList(data: self.modelObjects)) }
        router.get("v1/models/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let model = self.modelObjects.first(where: { $0.id == id }) else {
                throw OpenAIError.notFound("model", "the model '\(id)' does not exist (GET /v1/models lists them)",
                                           code: "model_not_found")
            }
            return try ServerJSON.response(model)
        }
    }
}
