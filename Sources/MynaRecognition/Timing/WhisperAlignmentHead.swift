/// One cross-attention head of the decoder whose attention follows the audio closely enough to time words
/// (openai-whisper's `alignment_heads`; CTranslate2 writes them to `config.json` as `[layer, head]` pairs).
public struct WhisperAlignmentHead: Sendable, Hashable, Codable {
    public var layer: Int
    public var head: Int

    public init(layer: Int, head: Int) {
        self.layer = layer
        self.head = head
    }

    /// Where a model folder names none: every head of the last half of the decoder layers (openai-whisper's
    /// `Whisper.__init__` default and CTranslate2's).
    public static func fallback(layerCount: Int, headCount: Int) -> [WhisperAlignmentHead] {
        (layerCount / 2..<layerCount).flatMap { layer in (0..<headCount).map { WhisperAlignmentHead(layer: layer, head: $0) } }
    }
}
