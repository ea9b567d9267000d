import NIOCore
import Testing
@testable import MynaWyoming

/// The framing of `wyoming/event.py` in memory: header line, data block merged over inline data, payload; limits and
/// malformed input.
@Suite struct WyomingFrameParserTests {
    private func buffer(_ text: String, _ tail: [UInt8] = []) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        buffer.writeString(text)
        buffer.writeBytes(tail)
        return buffer
    }

    private func parseAll(_ bytes: ByteBuffer, limits: WyomingFrameLimits = .default) throws -> [WyomingEvent] {
        var parser = WyomingFrameParser(limits: limits)
        var bytes = bytes
        var events: [WyomingEvent] = []
        while let event = try parser.next(from: &bytes) { events.append(event) }
        try parser.checkEnd(remaining: bytes)
        return events
    }

    @Test func inlineDataBlockAndBothMerge() throws {
        let inline = #"{"type":"ping","data":{"text":"a"}}\#n"#
        let block = #"{"type":"ping","data_length":13}\#n"# + #"{"text":"bb"}"#
        let both = #"{"type":"transcript","data":{"text":"x","language":"en"},"data_length":14}\#n"# + #"{"text":"ccc"}"#
        let events = try parseAll(buffer(inline + block + both))
        #expect(events.map(\.type) == ["ping", "ping", "transcript"])
        #expect(events[0].data == ["text": .string("a")])
        #expect(events[1].data == ["text": .string("bb")])
        #expect(events[2].data == ["text": .string("ccc"), "language": .string("en")])
    }

    @Test func payloadFollowsData() throws {
        let header = #"{"type":"audio-chunk","data_length":38,"payload_length":4,"version":"1.10.2"}\#n"#
        let data = #"{"rate":16000,"width":2,"channels":1}"#
        #expect(data.utf8.count == 37)
        let events = try parseAll(buffer(header + data + " ", [1, 2, 3, 4]))
        #expect(events.count == 1)
        #expect(events[0].payload == [1, 2, 3, 4])
        let chunk = try events[0].decode(Wyoming.AudioChunk.self)
        #expect(chunk == Wyoming.AudioChunk(rate: 16_000, width: 2, channels: 1))
    }

    @Test func bytesArrivingOneAtATimeGiveTheSameEvents() throws {
        let event = WyomingEvent(Wyoming.AudioChunk(rate: 44_100, width: 2, channels: 2, timestamp: 5), payload: Array(0..<200))
        let bytes = WyomingFrameWriter.bytes(event) + WyomingFrameWriter.bytes(WyomingEvent(Wyoming.AudioStop()))
        var parser = WyomingFrameParser()
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        var events: [WyomingEvent] = []
        for byte in bytes {
            buffer.writeInteger(byte)
            while let event = try parser.next(from: &buffer) { events.append(event) }
        }
        #expect(events == [event, WyomingEvent(type: "audio-stop")])
        #expect(parser.isAtEventBoundary)
    }

    @Test func writerFramesAsThePythonPackage() throws {
        let bytes = WyomingFrameWriter.bytes(WyomingEvent(Wyoming.Transcript(text: "Héllo", language: "en")))
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1)
        #expect(lines[0] == #"{"data_length":33,"type":"transcript","version":"1.10.2"}"#)
        #expect(lines[1] == #"{"language":"en","text":"Héllo"}"#)
        #expect(lines[1].utf8.count == 33)
        // No data, no payload: the header alone.
        #expect(String(decoding: WyomingFrameWriter.bytes(WyomingEvent(Wyoming.Describe())), as: UTF8.self)
            == #"{"type":"describe","version":"1.10.2"}\#n"#)
    }

    @Test func typedEventsRoundTrip() throws {
        let info = Wyoming.Info(asr: [], tts: [])
        let event = WyomingEvent(info)
        #expect(event.data["asr"] == .array([]))
        #expect(event.data["handle"] == .array([]))
        let synthesize = Wyoming.Synthesize(text: "Hi.", voice: .init(name: "joe", speaker: "0"))
        let parsed = try parseAll(ByteBuffer(bytes: WyomingFrameWriter.bytes(WyomingEvent(synthesize))))
        #expect(try parsed[0].decode(Wyoming.Synthesize.self) == synthesize)
        // Nulls where optionals are (the Python package writes "timestamp": null).
        let start = try parseAll(buffer(#"{"type":"audio-start","data":{"rate":8000,"width":1,"channels":1,"timestamp":null}}\#n"#))
        #expect(try start[0].decode(Wyoming.AudioStart.self) == Wyoming.AudioStart(rate: 8000, width: 1, channels: 1))
    }

    @Test func missingFieldsAreNamed() throws {
        let event = WyomingEvent(type: "audio-start", data: ["rate": .int(16_000)])
        let error = #expect(throws: WyomingProtocolError.self) { try event.decode(Wyoming.AudioStart.self) }
        #expect(error?.code == .invalidData)
        #expect(error?.message.contains("width") == true)
    }

    /// Malformed input and the code of the error it gets.
    static let malformed: [(String, WyomingProtocolError.Code)] = [
        ("not json\n", .badHeader),
        ("[1,2]\n", .badHeader),
        (#"{"data":{}}\#n"#, .badHeader),
        (#"{"type":"x","data":[1]}\#n"#, .badHeader),
        (#"{"type":"x","data_length":-1}\#n"#, .badHeader),
        (#"{"type":"x","payload_length":"3"}\#n"#, .badHeader),
        (#"{"type":"x","payload_length":1.5}\#n"#, .badHeader),
        (#"{"type":"x","payload_length":16777217}\#n"#, .tooLarge),
        (#"{"type":"x","data_length":99999999}\#n"#, .tooLarge),
        (#"{"type":"x","data_length":3}\#nabc"#, .badData),
        (#"{"type":"x","data_length":2}\#n[]"#, .badData),
    ]

    @Test(arguments: malformed)
    func malformedInputIsRefused(input: String, code: WyomingProtocolError.Code) throws {
        let error = #expect(throws: WyomingProtocolError.self) { try parseAll(buffer(input)) }
        #expect(error?.code == code, "\(input): \(String(describing: error))")
    }

    @Test func anEndlessHeaderLineIsRefusedBeforeItIsBuffered() throws {
        var parser = WyomingFrameParser(limits: WyomingFrameLimits(headerBytes: 100))
        var bytes = buffer(String(repeating: "x", count: 101))
        let error = #expect(throws: WyomingProtocolError.self) { try parser.next(from: &bytes) }
        #expect(error?.code == .tooLarge)
    }

    @Test func aStreamCutShortIsTruncated() throws {
        for cut in [#"{"type":"x""#, #"{"type":"x","data_length":5}\#n{}"#, #"{"type":"x","payload_length":5}\#nab"#] {
            let error = #expect(throws: WyomingProtocolError.self) { try parseAll(buffer(cut)) }
            #expect(error?.code == .truncated, "\(cut)")
        }
        // A stream that ends between events is not.
        #expect(try parseAll(buffer(#"{"type":"ping"}\#n"#)).count == 1)
    }

    @Test func crlfHeadersAreAccepted() throws {
        #expect(try parseAll(buffer(#"{"type":"ping"}\#r\#n"#)).map(\.type) == ["ping"])
    }
}
