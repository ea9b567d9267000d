import Foundation
import MynaKit

/// The form fields of `POST /v1/audio/transcriptions` and `/v1/audio/translations`, checked before any audio is
/// decoded; each error names its field (`param`).
struct TranscriptionParameters: Sendable {
    enum ResponseFormat: String, CaseIterable, Sendable {
        case json, text, srt, verbose_json, vtt
        /// Myna's extension: the transcript as `myna transcribe --format json` writes it (segments with tokens and
        /// statistics, words with probabilities when `word` is asked for, the language and its probability), which
        /// `myna transcribe --server` reads back to write any format exactly as a local run.
        case myna_json

        /// Whether `timestamp_granularities[]` applies (OpenAI: verbose_json only; Myna's own json times words too).
        var takesGranularities: Bool { self == .verbose_json || self == .myna_json }
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
    /// `timestamp_granularities[]`: empty (segments, as OpenAI without the field), `segment`, `word` or both.
    var granularities: Set<Granularity>
    var stream: Bool

    /// What `verbose_json` times: `segments` when `segment` is asked or nothing is, top-level `words` when `word` is.
    enum Granularity: String, Sendable {
        case word, segment
    }

    /// Whether verbose_json carries `segments` (OpenAI sends them when `segment` is asked for or no granularity is).
    var includesSegments: Bool { granularities.isEmpty || granularities.contains(.segment) }
    /// Whether verbose_json carries top-level `words` (myna_json words per segment), and the words are timed, which
    /// costs a pass per window.
    var includesWords: Bool { granularities.contains(.word) }

    /// - Throws: `OpenAIError` 400 naming the field.
    init(form: MultipartForm, task: WhisperTask) throws(OpenAIError) {
        let file = try form.uploads("file")[0]
        audio = file.body
        fileName = file.displayName
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
        var granularities: Set<Granularity> = []
        for value in try form.texts("timestamp_granularities") {
            guard let granularity = Granularity(rawValue: value) else {
                throw .invalid("timestamp_granularities", "'\(value)' is not a granularity: use word, segment or both")
            }
            granularities.insert(granularity)
        }
        // OpenAI: "response_format must be set verbose_json to use timestamp granularities".
        guard granularities.isEmpty || responseFormat.takesGranularities else {
            throw .invalid("timestamp_granularities", """
                timestamp granularities need response_format=verbose_json (not \(responseFormat.rawValue))
                """)
        }
        self.granularities = granularities
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
        return TranscriptionOptions(model: modelFolder, decoding: decoding, wordTimestamps: includesWords)
    }
}
