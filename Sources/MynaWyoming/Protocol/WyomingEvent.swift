import Foundation

/// One Wyoming event as it travels (OHF-Voice/wyoming `wyoming/event.py`, `Event`): a type, a JSON object of data and
/// an optional binary payload (PCM audio for `audio-chunk`).
///
/// Typed events (`Wyoming.AudioStart`, `Wyoming.Transcript`, …) are made from and read out of this shape with
/// `init(_:payload:)` and `decode(_:)`.
public struct WyomingEvent: Sendable, Equatable {
    /// `audio-chunk`, `transcript`, `synthesize`, … (`Wyoming.EventBody.eventType`).
    public var type: String
    /// The header's `data` with the data block merged over it.
    public var data: [String: JSONValue]
    /// The payload bytes (empty when the event has none: the protocol does not tell empty from absent).
    public var payload: [UInt8]

    public init(type: String, data: [String: JSONValue] = [:], payload: [UInt8] = []) {
        self.type = type
        self.data = data
        self.payload = payload
    }

    /// The event for a typed body: its fields become `data` (keys in the protocol's snake_case, absent optionals left
    /// out).
    public init<Body: Wyoming.EventBody>(_ body: Body, payload: [UInt8] = []) {
        let encoded = try! Self.encoder.encode(body)  // a Codable struct of plain fields always encodes
        let data = (try? Self.plainDecoder.decode([String: JSONValue].self, from: encoded)) ?? [:]
        self.init(type: Body.eventType, data: data, payload: payload)
    }

    /// The typed body of this event.
    /// - Throws: `WyomingProtocolError` `.unexpectedEvent` for another type, `.invalidData` naming what is missing or
    ///   mistyped.
    public func decode<Body: Wyoming.EventBody>(_ body: Body.Type) throws -> Body {
        guard type == Body.eventType else {
            throw WyomingProtocolError(.unexpectedEvent, "expected '\(Body.eventType)', got '\(type)'")
        }
        do {
            return try Self.decoder.decode(Body.self, from: Self.plainEncoder.encode(data))
        } catch let error as DecodingError {
            throw WyomingProtocolError(.invalidData, "'\(type)' data: \(Self.describe(error))")
        }
    }

    /// Typed bodies: camelCase fields to the protocol's snake_case keys and back.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// Raw JSON (headers, data blocks): keys as they are (key strategies would rename dictionary keys too).
    static let plainEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let plainDecoder = JSONDecoder()

    /// A decoding error as a person reads it: which key, what was wrong.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing '\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)'"
        case .typeMismatch(let type, let context): return "'\(path(context))' is not \(type)"
        case .valueNotFound(let type, let context): return "'\(path(context))' is null, expected \(type)"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// The typed events, named as in the `wyoming` package (`Wyoming.AudioChunk` is `wyoming.audio.AudioChunk`).
public enum Wyoming {
    /// The `version` written in every header: the `wyoming` package release whose framing and shapes this mirrors.
    public static let protocolVersion = "1.10.2"

    /// A typed event's data: Codable fields spelt in camelCase here, snake_case on the wire.
    public protocol EventBody: Codable, Sendable {
        static var eventType: String { get }
    }
}
