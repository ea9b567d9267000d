import Foundation
import MynaCore

/// The `myna speakers export` file: every speaker with every utterance embedding, as JSON. Profiles are not stored;
/// import recomputes them from the utterances. Audio is never stored, only embeddings and SHA-256 digests.
///
///     {"format": "myna-speakers", "version": 1, "exportedAt": "…", "encoderModels": [{"id", "fileName", "dimension"}],
///      "speakers": [{"name", "encoderModelID", "createdAt", "updatedAt",
///                    "utterances": [{"sourceName", "speechSeconds", "audioSHA256", "trimmed", "enrolledAt",
///                                    "embedding": [Float…]}]}]}
public struct SpeakerArchive: Sendable, Hashable, Codable {
    public static let formatName = "myna-speakers"
    public static let currentVersion = 1

    public struct Utterance: Sendable, Hashable, Codable {
        public var sourceName: String
        public var speechSeconds: Double
        public var audioSHA256: String
        public var trimmed: Bool
        public var enrolledAt: Date
        public var embedding: [Float]
    }

    public struct Speaker: Sendable, Hashable, Codable {
        public var name: String
        public var encoderModelID: String
        public var createdAt: Date
        public var updatedAt: Date
        public var utterances: [Utterance]
    }

    public var format: String
    public var version: Int
    public var exportedAt: Date
    public var encoderModels: [EncoderModelIdentity]
    public var speakers: [Speaker]

    public init(exportedAt: Date, encoderModels: [EncoderModelIdentity], speakers: [Speaker]) {
        format = Self.formatName
        version = Self.currentVersion
        self.exportedAt = exportedAt
        self.encoderModels = encoderModels
        self.speakers = speakers
    }

    /// Dates as ISO 8601 in UTC with milliseconds, the precision the database keeps, rounded (not truncated) so
    /// that a date read back from the database survives export and import unchanged.
    static func format(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())  // …T12:34:56Z
        return "\(whole.dropLast()).\(String(format: "%03d", Int(milliseconds - seconds * 1000)))Z"
    }

    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Pretty-printed JSON with sorted keys and ISO 8601 dates.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.format(date))
        }
        return try encoder.encode(self)
    }

    /// Reads an export file's bytes. - Throws: `.invalidArchive` naming `location` and what is wrong.
    public static func decode(_ data: Data, location: String) throws -> SpeakerArchive {
        struct Header: Decodable { var format: String?; var version: Int? }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not an ISO 8601 date")
        }
        guard let header = try? decoder.decode(Header.self, from: data), header.format == formatName else {
            throw SpeakerRegistryError(.invalidArchive, location: location,
                                       message: "not a Myna speaker export (no \"format\": \"\(formatName)\")")
        }
        guard let version = header.version, version <= currentVersion else {
            throw SpeakerRegistryError(.invalidArchive, location: location, message: """
                export format version \(header.version.map(String.init) ?? "?") is newer than this Myna reads (\(currentVersion))
                """)
        }
        do {
            return try decoder.decode(SpeakerArchive.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw SpeakerRegistryError(.invalidArchive, location: location,
                                       message: "missing \"\(key.stringValue)\" at \(path(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            throw SpeakerRegistryError(.invalidArchive, location: location,
                                       message: "bad value at \(path(context.codingPath)): \(context.debugDescription)")
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
