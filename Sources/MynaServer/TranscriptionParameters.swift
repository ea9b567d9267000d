import Foundation
import MynaKit

/// The form fields of `POST /v1/audio/transcriptions` and `/v1/audio/translations`, checked before any audio is
/// decoded; each error names its field (`param`).
struct TranscriptionParameters: Sendable {
    enum ResponseFormat: String, CaseIterable, Sendable {
        case json, text, srt, verbose_json, vtt
    }

    /// The upload's bytes and its client-side name (used in messages only).
    var audio: Data
    var fileName: String
    var model: String?
    var task: WhisperTask
    /// A language code (`en`), nil to detect it.
    var language: String?
    var prompt: String?
    var responseFormat: ResponseFormat
    /// Sampling temperature, 0…1; 0 (the default) is Whisper's fallback from 0 in steps of 0.2.
    var temperature: Double
    var stream: Bool

    /// - Throws: `OpenAIError` 400 naming the field.
    init(form: MultipartForm, task: WhisperTask) throws(OpenAIError) {
        guard let file = form.part("file") else {
            throw .invalid("file", "the form has no 'file' part: send the audio as a file upload named 'file'")
        }
        guard !file.body.isEmpty else { throw .invalid("file", "the uploaded file is empty") }
        audio = file.body
        // The client's name, for messages only; never a path.
        fileName = String((file.fileName ?? "upload").split(separator: "/").last ?? "upload").prefix(200).description
        model = try form.text("model")
        guard let model, !model.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("model", "the form has no 'model': use whisper-1 or an installed model (GET /v1/models)")
        }
        self.task = task
        if task == .translate, form.part("language") != nil {
            throw .invalid("language", "translations take no language: the speech is translated into English")
        }
        language = try form.text("language").flatMap { $0.isEmpty ? nil : WhisperLanguage.code(fromArgument: $0) }
        prompt = try form.text("prompt").flatMap { $0.isEmpty ? nil : $0 }
        let format = try form.text("response_format") ?? "json"
        guard let responseFormat = ResponseFormat(rawValue: format.isEmpty ? "json" : format) else {
            throw .invalid("response_format", """
                '\(format)' is not a response format: use one of \(ResponseFormat.allCases.map(\.rawValue).joined(separator: ", "))
                """)
        }
        self.responseFormat = responseFormat
        if let value = try form.text("temperature"), !value.isEmpty {
            guard let temperature = Double(value), (0...1).contains(temperature) else {
                throw .invalid("temperature", "'\(value)' must be a number between 0 and 1")
            }
            self.temperature = temperature
        } else {
            temperature = 0
        }
        for granularity in try form.texts("timestamp_granularities") {
            switch granularity {
            case "segment": continue
            case "word":
                throw .invalid("timestamp_granularities", """
                    word timestamps are not available yet in Myna; ask for 'segment' (the segments of verbose_json)
                    """, code: "unsupported_value")
            default:
                throw .invalid("timestamp_granularities", "'\(granularity)' is not a granularity: use segment")
            }
        }
        switch try form.text("stream")?.lowercased() {
        case nil, "", "false", "0": stream = false
        case "true", "1": stream = true
        case let other?: throw .invalid("stream", "'\(other)' must be true or false")
        }
    }

    /// The engine's options: the decoding defaults with this request's language, task, prompt and temperature.
    func options(modelFolder: String) -> TranscriptionOptions {
        var decoding = WhisperDecodingOptions.default
        decoding.language = language
        decoding.task = task
        decoding.initialPrompt = prompt
        if temperature > 0 {
            // OpenAI: 0 lets the model raise the temperature as needed; a higher value starts there.
            decoding.temperatures = Array(stride(from: temperature, through: 1.0 + 1e-9, by: 0.2)).map { min($0, 1) }
        }
        return TranscriptionOptions(model: modelFolder, decoding: decoding)
    }
}
