/// The reversible byte ↔ printable-character mapping of GPT-2's byte-level BPE (`bytes_to_unicode` in OpenAI's encoder).
///
/// Printable Latin-1 bytes ('!'…'~', '¡'…'¬', '®'…'ÿ') map to themselves; the other 68 bytes map, in byte order,
/// to U+0100, U+0101, …, so that every token string is printable and a space becomes 'Ġ' (U+0120).
enum ByteLevelAlphabet {
    /// `characters[byte]` is the scalar that stands for `byte`.
    static let characters: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The byte a scalar stands for, or nil for scalars outside the alphabet.
    static let bytes: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in characters.enumerated() { map[scalar] = UInt8(byte) }
        return map
    }()

    /// The alphabet string for UTF-8 bytes.
    static func encode<Bytes: Sequence>(_ utf8: Bytes) -> String where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in utf8 { scalars.append(characters[Int(byte)]) }
        return String(scalars)
    }
}
