/// Whisper's repetition detector: UTF-8 length over zlib-compressed length (faster-whisper `get_compression_ratio`,
/// openai-whisper `compression_ratio`). Looping output compresses well, so a ratio above 2.4 triggers a retry
/// at a higher temperature.
public enum CompressionRatio {
    public static func of(_ text: String) -> Double {
        let bytes = Array(text.utf8)
        return Double(bytes.count) / Double(Zlib.compressedLength(of: bytes))
    }
}
