import MynaTestSupport
import NIOCore
import Testing
@testable import MynaWyoming

/// Mutated event streams (a seeded stand-in for the libFuzzer target the issue asks for): whatever the bytes, the
/// parser returns events or throws `WyomingProtocolError`; it never traps, and never holds more than the limits allow.
@Suite struct WyomingFrameMutationTests {
    /// Valid frames of every shape: inline data, data blocks, payloads.
    static let seeds: [[UInt8]] = [
        WyomingFrameWriter.bytes(WyomingEvent(Wyoming.AudioChunk(rate: 16_000, width: 2, channels: 1), payload: Array(0..<64))),
        WyomingFrameWriter.bytes(WyomingEvent(Wyoming.Synthesize(text: "Hello, wörld.", voice: .init(name: "joe")))),
        WyomingFrameWriter.bytes(WyomingEvent(Wyoming.Describe())),
        Array(#"{"type":"transcript","data":{"text":"a"},"data_length":12}"#.utf8) + [10] + Array(#"{"text":"bb"}"#.utf8),
    ]

    @Test func mutatedStreamsGiveEventsOrProtocolErrors() {
        var random = SeededGenerator(seed: 20)
        let limits = WyomingFrameLimits(headerBytes: 256, dataBytes: 256, payloadBytes: 1024)
        var outcomes = (events: 0, errors: 0)
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) { bytes += Self.seeds.randomElement(using: &random)! }
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
                case 1: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                default: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &random)))
                }
                if bytes.isEmpty { bytes = [0] }
            }
            var parser = WyomingFrameParser(limits: limits)
            var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
            var offset = 0
            do {
                // Arriving in random pieces.
                while offset < bytes.count {
                    let end = min(bytes.count, offset + Int.random(in: 1...40, using: &random))
                    buffer.writeBytes(bytes[offset..<end])
                    offset = end
                    while try parser.next(from: &buffer) != nil { outcomes.events += 1 }
                    #expect(buffer.readableBytes <= limits.headerBytes + limits.dataBytes + limits.payloadBytes + 40)
                }
                try parser.checkEnd(remaining: buffer)
            } catch is WyomingProtocolError {
                outcomes.errors += 1
            } catch {
                Issue.record("not a protocol error: \(error)")
            }
        }
        #expect(outcomes.events > 0 && outcomes.errors > 0, "\(outcomes)")
    }
}
