import Foundation
import MynaCore

/// Builds WAV files byte by byte, for headers no well-behaved writer would produce.
struct WAVBytes {
    var formatTag: UInt16 = 1
    var channels: UInt16 = 1
    var sampleRate: UInt32 = 16_000
    var bitsPerSample: UInt16 = 16
    /// The data chunk's declared size; nil means the size of `samples`.
    var declaredDataSize: UInt32?
    var samples: [Int16] = []

    var data: Data {
        let payload = samples.flatMap { value -> [UInt8] in
            let bits = UInt16(bitPattern: value)
            return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
        }
        let blockAlign = UInt16(truncatingIfNeeded: Int(channels) * Int(bitsPerSample) / 8)
        var bytes = [UInt8]()
        func u16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: UInt32) { u16(UInt16(value & 0xFFFF)); u16(UInt16(value >> 16)) }
        bytes += Array("RIFF".utf8); u32(UInt32(36 + payload.count)); bytes += Array("WAVE".utf8)
        bytes += Array("fmt ".utf8); u32(16)
        u16(formatTag); u16(channels); u32(sampleRate)
        u32(sampleRate &* UInt32(blockAlign)); u16(blockAlign); u16(bitsPerSample)
        bytes += Array("data".utf8); u32(declaredDataSize ?? UInt32(payload.count))
        bytes += payload
        return Data(bytes)
    }

    /// Real speech as 16-bit integers (the FLAC's own values: x · 32768 is exact for 16-bit sources).
    static func speechSamples(count: Int) throws -> [Int16] {
        try TestAudio.speech().samples.prefix(count).map { Int16(($0 * 32_768).rounded()) }
    }
}
