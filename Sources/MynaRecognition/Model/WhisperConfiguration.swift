import MynaNN

/// Whisper's architecture, read from the shapes and scalars of a CTranslate2 `model.bin` (`WhisperSpec`), so any
/// faster-whisper model folder works without a separate description.
public struct WhisperConfiguration: Sendable, Equatable, Codable {
    /// Mel bins the encoder consumes (`encoder/conv1/weight` is `[d, nMels, 3]`): 80, or 128 for large-v3.
    public var nMels: Int
    /// Width of the encoder and decoder (`n_audio_state` = `n_text_state` in openai-whisper).
    public var modelDimension: Int
    /// Encoder positions per 30 s window (1500: 3000 mel frames halved by the stride-2 convolution).
    public var audioContext: Int
    /// Decoder positions (448).
    public var textContext: Int
    public var encoderLayerCount: Int
    public var decoderLayerCount: Int
    public var encoderHeadCount: Int
    public var decoderHeadCount: Int
    /// Tokens in the vocabulary (51864 for English-only models, 51865 multilingual, 51866 large-v3).
    public var vocabularySize: Int

    /// Reads the architecture from the checkpoint's tensor shapes.
    public init(archive: some WeightArchive) throws {
        let conv1 = try archive.entry(named: WhisperWeightMap.conv1.weight).shape
        let audioPositions = try archive.entry(named: WhisperWeightMap.encoderPositions).shape
        let textPositions = try archive.entry(named: WhisperWeightMap.decoderPositions).shape
        let embeddings = try archive.entry(named: WhisperWeightMap.embeddings).shape
        nMels = conv1[1]
        modelDimension = conv1[0]
        audioContext = audioPositions[0]
        textContext = textPositions[0]
        vocabularySize = embeddings[0]
        encoderLayerCount = Self.layerCount(prefix: WhisperWeightMap.encoderLayerPrefix, in: archive.names)
        decoderLayerCount = Self.layerCount(prefix: WhisperWeightMap.decoderLayerPrefix, in: archive.names)
        encoderHeadCount = try archive.integers(named: WhisperWeightMap.encoderHeadCount).first ?? 0
        decoderHeadCount = try archive.integers(named: WhisperWeightMap.decoderHeadCount).first ?? 0
    }

    /// `N + 1` for the highest `prefix` + `N` + `/` among `names`.
    private static func layerCount(prefix: String, in names: [String]) -> Int {
        var highest = -1
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/"), let index = Int(rest[..<slash]) { highest = max(highest, index) }
        }
        return highest + 1
    }
}
