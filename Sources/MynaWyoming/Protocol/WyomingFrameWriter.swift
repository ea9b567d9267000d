import Foundation
import NIOCore

/// Writes events as `wyoming/event.py` `async_write_event` does: a header line with `type`, `version`, and the
/// lengths of what follows; the data as a separate JSON block (`data_length`); then the payload (`payload_length`).
public enum WyomingFrameWriter {
    /// Appends `event`'s bytes to `buffer`.
    public static func write(_ event: WyomingEvent, into buffer: inout ByteBuffer) {
        var header: [String: JSONValue] = ["type": .string(event.type), "version": .string(Wyoming.protocolVersion)]
        var dataBytes: Data?
        if !event.data.isEmpty {
            dataBytes = try! WyomingEvent.plainEncoder.encode(event.data)  // JSON values always encode
            header["data_length"] = .int(dataBytes!.count)
        }
        if !event.payload.isEmpty { header["payload_length"] = .int(event.payload.count) }
        buffer.writeBytes(try! WyomingEvent.plainEncoder.encode(header))
        buffer.writeInteger(UInt8(ascii: "\n"))
        if let dataBytes { buffer.writeBytes(dataBytes) }
        buffer.writeBytes(event.payload)
    }

    /// `event`'s bytes.
    public static func bytes(_ event: WyomingEvent) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 256 + event.payload.count)
        write(event, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes)!
    }
}
