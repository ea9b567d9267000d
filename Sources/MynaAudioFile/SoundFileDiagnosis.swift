import Foundation
import MynaCore

/// Explains why libsndfile refused a file, where the header says more than libsndfile's generic message.
///
/// Only WAV (RIFF/WAVE) headers are examined: libsndfile reports an unknown WAV codec as a "malformed 'fmt ' chunk" and
/// a zero or negative sample rate as an "incomplete SF_INFO struct", neither of which tells a user what is wrong.
struct SoundFileDiagnosis {
    var code: AudioIOError.Code
    var problem: String

    /// WAV format tags libsndfile 1.2 decodes (PCM, IEEE float, A-law, µ-law, MS and IMA ADPCM, GSM 6.10, G.721,
    /// MPEG layer 1/2 and 3, and WAVE_FORMAT_EXTENSIBLE).
    private static let decodableWAVTags: Set<UInt16> = [0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0011, 0x0031, 0x0040,
                                                        0x0050, 0x0055, 0xFFFE]

    /// A clearer reason for the failure, or nil when the header gives none.
    static func diagnose(leadingBytes bytes: Data) -> SoundFileDiagnosis? {
        let bytes = [UInt8](bytes)
        guard bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46][...] /* RIFF */,
              bytes[8..<12] == [0x57, 0x41, 0x56, 0x45][...] /* WAVE */ else { return nil }
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        // Walk the chunks: 4-byte id, 4-byte little-endian size, body padded to an even length.
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = bytes[offset..<offset + 4]
            let size = Int(u32(offset + 4))
            let body = offset + 8
            if id == [0x66, 0x6D, 0x74, 0x20][...] /* "fmt " */ {
                guard size >= 16, body + 16 <= bytes.count else {
                    return SoundFileDiagnosis(code: .truncated, problem: "WAV header is cut short inside its 'fmt ' chunk")
                }
                let tag = u16(body), channels = Int(u16(body + 2)), sampleRate = Int(u32(body + 4))
                if channels == 0 || channels > AudioFormat.maximumChannelCount {
                    return SoundFileDiagnosis(code: .invalidFormat, problem: """
                        header declares \(channels) channels (Myna accepts 1…\(AudioFormat.maximumChannelCount))
                        """)
                }
                if sampleRate == 0 || sampleRate > AudioFormat.maximumSampleRate {
                    return SoundFileDiagnosis(code: .invalidFormat, problem: """
                        header declares a sample rate of \(sampleRate) Hz (Myna accepts 1…\(AudioFormat.maximumSampleRate) Hz)
                        """)
                }
                if !decodableWAVTags.contains(tag) {
                    return SoundFileDiagnosis(code: .unsupportedFormat, problem: """
                        unsupported WAV codec (format tag 0x\(String(tag, radix: 16, uppercase: true).leftPadded(to: 4)))
                        """)
                }
                return nil
            }
            offset = body + size + (size & 1)
        }
        if offset + 8 > bytes.count && bytes.count < 4096 {
            return SoundFileDiagnosis(code: .truncated, problem: "WAV header is cut short before its 'fmt ' chunk")
        }
        return nil
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
