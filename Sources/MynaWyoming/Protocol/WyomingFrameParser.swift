import Foundation
import NIOCore

/// Reads events from a byte stream as `wyoming/event.py` `async_read_event` frames them: a JSON header line
/// (`type`, optional `data`, `data_length`, `payload_length`, `version`), then exactly `data_length` bytes of JSON
/// merged over the header's `data` (Python's `dict.update`), then exactly `payload_length` bytes of payload.
///
/// Incremental: `next` takes what has arrived and returns an event once all of it is there, leaving the rest of the
/// buffer for the following call. Every length is checked against `limits` before its bytes are awaited, so a peer
/// cannot make the server buffer more than one event's worth.
///
/// Not thread-safe: one parser per connection.
public struct WyomingFrameParser: Sendable {
    public let limits: WyomingFrameLimits

    /// Where in an event the next bytes belong.
    private enum State: Sendable {
        case header
        case data(type: String, data: [String: JSONValue], dataLength: Int, payloadLength: Int)
        case payload(type: String, data: [String: JSONValue], payloadLength: Int)
    }

    private var state = State.header

    public init(limits: WyomingFrameLimits = .default) {
        self.limits = limits
    }

    /// Whether the parser is between events (a stream may end here without losing anything).
    public var isAtEventBoundary: Bool {
        if case .header = state { return true }
        return false
    }

    /// The next complete event in `buffer` (consuming its bytes), or nil when more bytes are needed.
    /// - Throws: `WyomingProtocolError` (`.badHeader`, `.badData`, `.tooLarge`); the stream cannot be resynchronised
    ///   after one, so the connection should be closed.
    public mutating func next(from buffer: inout ByteBuffer) throws -> WyomingEvent? {
        while true {
            switch state {
            case .header:
                guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                    if buffer.readableBytes > limits.headerBytes { throw tooLongHeader(buffer.readableBytes) }
                    return nil
                }
                let lineLength = newline - buffer.readerIndex
                if lineLength > limits.headerBytes { throw tooLongHeader(lineLength) }
                let line = buffer.readBytes(length: lineLength)!
                buffer.moveReaderIndex(forwardBy: 1)
                state = try header(line)
            case .data(let type, var data, let dataLength, let payloadLength):
                guard buffer.readableBytes >= dataLength else { return nil }
                let bytes = buffer.readBytes(length: dataLength)!
                guard let block = try? WyomingEvent.plainDecoder.decode([String: JSONValue].self, from: Data(bytes)) else {
                    throw WyomingProtocolError(.badData, "the \(dataLength)-byte data block of '\(type)' is not a JSON object")
                }
                data.merge(block) { _, new in new }
                state = .payload(type: type, data: data, payloadLength: payloadLength)
            case .payload(let type, let data, let payloadLength):
                guard buffer.readableBytes >= payloadLength else { return nil }
                let payload = payloadLength == 0 ? [] : buffer.readBytes(length: payloadLength)!
                state = .header
                return WyomingEvent(type: type, data: data, payload: payload)
            }
        }
    }

    /// Checks that a stream ending here did not end inside an event.
    /// - Throws: `WyomingProtocolError` `.truncated` naming what was cut short.
    public func checkEnd(remaining buffer: ByteBuffer) throws {
        switch state {
        case .header:
            if buffer.readableBytes > 0 {
                throw WyomingProtocolError(.truncated, "the stream ended inside a header line (\(buffer.readableBytes) bytes, no newline)")
            }
        case .data(let type, _, let dataLength, _):
            throw WyomingProtocolError(.truncated, "the stream ended after \(buffer.readableBytes) of the \(dataLength) data bytes of '\(type)'")
        case .payload(let type, _, let payloadLength):
            throw WyomingProtocolError(.truncated, "the stream ended after \(buffer.readableBytes) of the \(payloadLength) payload bytes of '\(type)'")
        }
    }

    /// Parses a header line and decides what follows it.
    private func header(_ line: [UInt8]) throws -> State {
        var line = line[...]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard let header = try? WyomingEvent.plainDecoder.decode([String: JSONValue].self, from: Data(line)) else {
            throw WyomingProtocolError(.badHeader, "the header line is not a JSON object: \(Self.preview(line))")
        }
        guard case .string(let type)? = header["type"], !type.isEmpty else {
            throw WyomingProtocolError(.badHeader, "the header has no string 'type': \(Self.preview(line))")
        }
        var data: [String: JSONValue] = [:]
        switch header["data"] {
        case nil, .null?: break
        case .object(let inline)?: data = inline
        default: throw WyomingProtocolError(.badHeader, "'data' of '\(type)' is not a JSON object")
        }
        let dataLength = try length("data_length", of: type, in: header, limit: limits.dataBytes)
        let payloadLength = try length("payload_length", of: type, in: header, limit: limits.payloadBytes)
        if dataLength > 0 { return .data(type: type, data: data, dataLength: dataLength, payloadLength: payloadLength) }
        return .payload(type: type, data: data, payloadLength: payloadLength)
    }

    private func length(_ key: String, of type: String, in header: [String: JSONValue], limit: Int) throws -> Int {
        guard let value = header[key], value != .null else { return 0 }
        guard let length = value.nonNegativeInt else {
            throw WyomingProtocolError(.badHeader, "'\(key)' of '\(type)' is not a non-negative integer")
        }
        guard length <= limit else {
            throw WyomingProtocolError(.tooLarge, "'\(key)' of '\(type)' is \(length) bytes; the limit is \(limit)")
        }
        return length
    }

    private func tooLongHeader(_ length: Int) -> WyomingProtocolError {
        WyomingProtocolError(.tooLarge, "the header line is over \(limits.headerBytes) bytes (\(length) without a newline)")
    }

    /// The start of a bad line, printable, for the error message.
    private static func preview(_ line: ArraySlice<UInt8>) -> String {
        let text = String(decoding: line.prefix(60), as: UTF8.self)
            .map { $0.isASCII && ($0.asciiValue! >= 32) ? String($0) : "?" }.joined()
        return "'\(text)\(line.count > 60 ? "…" : "")'"
    }
}
