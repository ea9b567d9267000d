import Foundation
import Testing
@testable import MynaWyoming

/// The pieces of a session that need no models: URIs, PCM, sentence boundaries, audio conversion, transcript chunks.
@Suite struct WyomingSessionPartsTests {
    @Test func urisParseAsThePythonPackageWritesThem() throws {
        #expect(try WyomingURI(parsing: "tcp://127.0.0.1:10300") == .tcp(host: "127.0.0.1", port: 10_300))
        #expect(try WyomingURI(parsing: "tcp://[::1]:10200") == .tcp(host: "::1", port: 10_200))
        #expect(try WyomingURI(parsing: "unix:///run/myna.sock") == .unix(path: "/run/myna.sock"))
        #expect(try WyomingURI(parsing: "stdio://") == .stdio)
        for bad in ["http://x:1", "tcp://host", "tcp://:1", "tcp://h:99999", "unix://"] {
            #expect(throws: WyomingURIError.self, "\(bad)") { try WyomingURI(parsing: bad) }
        }
        #expect(WyomingURI.tcp(host: "::1", port: 1).description == "tcp://[::1]:1")
    }

    @Test func pcmWidthsScaleAsLibsndfile() {
        #expect(WyomingPCM.samples([0x00, 0x80, 0xFF, 0x7F], width: 2) == [-1, Float(32_767) / 32_768])
        #expect(WyomingPCM.samples([0x80, 0x7F, 0x00], width: 1) == [-1, Float(127) / 128, 0])
        #expect(WyomingPCM.samples([0, 0, 0, 0x80, 0, 0, 0, 0x40], width: 4) == [-1, 0.5])
    }

    @Test func sentencesCompleteWhenWhitespaceFollowsTheirEnd() {
        var boundary = SentenceBoundary()
        #expect(boundary.append("Hello there") == nil)
        #expect(boundary.append(". It costs 3.5") == "Hello there.")
        #expect(boundary.append(" euros! \"Really?\" ") == " It costs 3.5 euros! \"Really?\"")
        #expect(boundary.append("Last") == nil)
        #expect(boundary.finish() == " Last")
        #expect(boundary.finish() == nil)
    }

    @Test func audioOfAnyFormatArrivesAs16kMono() throws {
        // 0.5 s of 44.1 kHz stereo, 16-bit, split at odd byte counts.
        let start = Wyoming.AudioStart(rate: 44_100, width: 2, channels: 2)
        let stream = try WyomingAudioStream(start, maxSeconds: 10)
        let frames = 22_050
        var bytes: [UInt8] = []
        for i in 0..<frames {
            let value = Int16((sin(Double(i) * 2 * .pi * 440 / 44_100) * 10_000).rounded())
            for _ in 0..<2 { bytes += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
        }
        let chunk = Wyoming.AudioChunk(rate: 44_100, width: 2, channels: 2)
        var offset = 0
        for size in [1, 4095, 3, 10_000] + Array(repeating: 20_001, count: 10) where offset < bytes.count {
            let end = min(bytes.count, offset + size)
            try stream.append(chunk, payload: Array(bytes[offset..<end]))
            offset = end
        }
        try stream.finish()
        let samples = stream.samples
        #expect(abs(samples.count - 8_000) <= 2, "\(samples.count)")
        let peak = samples.map(abs).max() ?? 0
        #expect(abs(peak - 10_000 / 32_768) < 0.01)

        #expect(throws: WyomingProtocolError.self) { try WyomingAudioStream(Wyoming.AudioStart(rate: 16_000, width: 3, channels: 1), maxSeconds: 1) }
        #expect(throws: WyomingProtocolError.self) {
            try stream.append(Wyoming.AudioChunk(rate: 16_000, width: 2, channels: 1), payload: [0, 0])
        }
    }

    @Test func tooMuchAudioIsRefused() throws {
        let stream = try WyomingAudioStream(Wyoming.AudioStart(rate: 16_000, width: 2, channels: 1), maxSeconds: 0.5)
        let chunk = Wyoming.AudioChunk(rate: 16_000, width: 2, channels: 1)
        try stream.append(chunk, payload: [UInt8](repeating: 0, count: 12_000))
        let error = #expect(throws: WyomingProtocolError.self) { try stream.append(chunk, payload: [UInt8](repeating: 0, count: 6_000)) }
        #expect(error?.code == .tooLarge)
    }

    @Test func languagesFromHomeAssistantBecomeWhisperCodes() {
        #expect(WyomingConnection.whisperLanguage("en") == "en")
        #expect(WyomingConnection.whisperLanguage("de-DE") == "de")
        #expect(WyomingConnection.whisperLanguage("pt_BR") == "pt")
        #expect(WyomingConnection.whisperLanguage(nil) == nil)
        #expect(WyomingConnection.whisperLanguage("auto") == nil)
    }
}
