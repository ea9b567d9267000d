import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` body as the `openai` client sends it (RFC 7578): text fields, the upload as a part with a
/// file name, arrays as repeated `name[]` parts. Parsed by MultipartKit's parser, in memory: nothing touches the disk.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        /// The part's file name (the client's, never used to open anything), nil for a text field.
        var fileName: String?
        var body: Data

        /// The client's file name for messages only: its last path component, at most 200 characters.
        var displayName: String {
            String((fileName ?? "upload").split(separator: "/").last ?? "upload").prefix(200).description
        }
    }

    var parts: [Part]

    /// Parses `body` with the boundary of `contentType`.
    /// - Throws: `OpenAIError` 400 for a body that is not multipart/form-data or does not parse.
    init(body: ByteBuffer, contentType: String?) throws(OpenAIError) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = HeaderParameters(contentType)["boundary"], !boundary.isEmpty else {
            throw .invalid(nil, "the body must be multipart/form-data with a boundary (Content-Type: \(contentType ?? "none"))")
        }
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var bytes = Data()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { buffer in
            bytes.append(contentsOf: buffer.readableBytesView)
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }.map { HeaderParameters($0.1) }
            if let name = disposition?["name"] {
                parts.append(Part(name: name, fileName: disposition?["filename"], body: bytes))
            }
            headers = []
            bytes = Data()
        }
        do {
            try parser.execute(body)
        } catch {
            throw .invalid(nil, "the multipart/form-data body does not parse")
        }
        self.parts = parts
    }

    /// The first part named `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The uploads named `name` (or `name[]`, as arrays are sent), in order: at least one, none empty.
    /// - Throws: `OpenAIError` 400 on `name` when there is no such part or one is empty (naming its file name).
    func uploads(_ name: String) throws(OpenAIError) -> [Part] {
        let uploads = parts.filter { $0.name == name || $0.name == name + "[]" }
        guard !uploads.isEmpty else {
            throw .invalid(name, "the form has no '\(name)' part: send the audio as a file upload named '\(name)'")
        }
        if let empty = uploads.first(where: { $0.body.isEmpty }) {
            throw .invalid(name, "the uploaded file '\(empty.displayName)' is empty", code: "invalid_audio")
        }
        return uploads
    }

    /// A text field's value (UTF-8), nil when absent.
    /// - Throws: `OpenAIError` 400 when the value is not UTF-8.
    func text(_ name: String) throws(OpenAIError) -> String? {
        guard let part = part(name) else { return nil }
        guard let value = String(data: part.body, encoding: .utf8) else { throw .invalid(name, "is not UTF-8 text") }
        return value
    }

    /// Every value of an array field, sent as repeated `name[]` parts (or `name`).
    func texts(_ name: String) throws(OpenAIError) -> [String] {
        try parts.filter { $0.name == name + "[]" || $0.name == name }.map { part throws(OpenAIError) in
            guard let value = String(data: part.body, encoding: .utf8) else { throw .invalid(name, "is not UTF-8 text") }
            return value
        }
    }
}

/// The `; key=value` parameters of a header value such as `form-data; name="file"; filename="a.wav"` or
/// `multipart/form-data; boundary=xyz`, keys lower-cased, quoted values unquoted (with `\"` escapes).
struct HeaderParameters {
    private var values: [String: String] = [:]

    init(_ header: String) {
        var characters = Substring(header)
        // Skip the value before the first `;`.
        guard let first = characters.firstIndex(of: ";") else { return }
        characters = characters[characters.index(after: first)...]
        while !characters.isEmpty {
            characters = characters.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = characters.firstIndex(of: "=") else { break }
            let key = characters[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            characters = characters[characters.index(after: equals)...]
            var value = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                var escaped = false
                while let character = characters.first {
                    characters = characters.dropFirst()
                    if escaped { value.append(character); escaped = false }
                    else if character == "\\" { escaped = true }
                    else if character == "\"" { break }
                    else { value.append(character) }
                }
                characters = characters.drop { $0 != ";" }
            } else {
                let end = characters.firstIndex(of: ";") ?? characters.endIndex
                value = characters[..<end].trimmingCharacters(in: .whitespaces)
                characters = characters[end...]
            }
            if values[key] == nil { values[key] = value }
        }
    }

    subscript(key: String) -> String? { values[key.lowercased()] }
}
