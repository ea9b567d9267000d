/// Recognises common file kinds from their first bytes, so a reader handed the wrong file can say what it is
/// ("looks like a FLAC audio file") instead of reporting a baffling structural error.
enum FileSignature: String {
    case flac = "a FLAC audio file"
    case wave = "a RIFF/WAVE audio file"
    case ogg = "an Ogg file"
    case mp3 = "an MP3 audio file"
    case zip = "a zip archive"
    case gzip = "a gzip file"
    case json = "a JSON text file"
    case pickle = "a Python pickle (PyTorch legacy checkpoint)"
    case safetensors = "a safetensors file"
    case ctranslate2 = "a CTranslate2 model.bin"

    /// The kind of file `bytes` starts like, or nil if it is none of the known kinds.
    static func sniff(_ bytes: UnsafeRawBufferPointer) -> FileSignature? {
        func starts(with prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Swift.zip(bytes, prefix).allSatisfy { $0 == $1 } }
        if starts(with: Array("fLaC".utf8)) { return .flac }
        if starts(with: Array("RIFF".utf8)) { return .wave }
        if starts(with: Array("OggS".utf8)) { return .ogg }
        if starts(with: Array("ID3".utf8)) || starts(with: [0xFF, 0xFB]) { return .mp3 }
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) || starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if starts(with: [0x1F, 0x8B]) { return .gzip }
        if starts(with: Array("{".utf8)) || starts(with: Array("[".utf8)) { return .json }
        // Before pickle: a safetensors header length may itself start with the byte 0x80.
        if bytes.count >= 9 {
            let headerLength = bytes.loadUnaligned(as: UInt64.self).littleEndian
            if bytes[8] == UInt8(ascii: "{"), headerLength > 1, headerLength <= UInt64(bytes.count - 8) { return .safetensors }
        }
        // Pickle protocol 2–5 starts with PROTO (0x80) and the protocol number.
        if bytes.count >= 2, bytes[0] == 0x80, (2...5).contains(bytes[1]) { return .pickle }
        if bytes.count >= 7 {
            let version = bytes.loadUnaligned(as: UInt32.self).littleEndian
            let nameLength = bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self).littleEndian
            if (1...6).contains(version), (2...256).contains(nameLength) { return .ctranslate2 }
        }
        return nil
    }
}
