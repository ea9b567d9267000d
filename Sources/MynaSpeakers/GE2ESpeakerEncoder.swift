import MynaCore
import MynaDSP
import MynaTensor

/// The GE2E speaker encoder with Resemblyzer 0.1.4's preprocessing (`preprocess_wav`, `embed_utterance`):
///
/// 1. volume raised to −30 dBFS (never lowered);
/// 2. non-speech dropped by `voiceDetector`, when there is one (Resemblyzer uses webrtcvad here; Myna Silero VAD);
/// 3. partial utterances of 160 mel frames (1.6 s), 1.3 per second, the last kept when ≥ 75 % covered;
/// 4. the 40-bin mel spectrogram of the zero-padded audio (`GE2EMelExtractor`);
/// 5. every partial through `GE2ENetwork`, `batchSize` at a time;
/// 6. the mean of the partial embeddings, L2-normalised.
///
/// Without a detector the result equals Resemblyzer's `embed_utterance(normalize_volume(wav, -30, True))`.
/// Thread-safety: immutable and `Sendable`; concurrent calls are independent.
public struct GE2ESpeakerEncoder: SpeakerEncoder {
    public let network: GE2ENetwork
    /// Drops non-speech before embedding; nil embeds the whole input.
    public let voiceDetector: (any SpeechRegionDetector)?
    let melExtractor: GE2EMelExtractor

    public var sampleRate: Int { GE2EPartialSlices.sampleRate }

    public init(network: GE2ENetwork, voiceDetector: (any SpeechRegionDetector)? = nil) throws {
        if let voiceDetector, voiceDetector.sampleRate != GE2EPartialSlices.sampleRate {
            throw ConfigurationError(field: "voiceDetector", message: """
                takes \(voiceDetector.sampleRate) Hz audio; the speaker encoder works at \(GE2EPartialSlices.sampleRate) Hz
                """)
        }
        self.network = network
        self.voiceDetector = voiceDetector
        self.melExtractor = try GE2EMelExtractor()
    }

    /// Loads the checkpoint at `checkpointPath` (see `GE2ENetwork.init(checkpointPath:)`).
    public init(checkpointPath: String, voiceDetector: (any SpeechRegionDetector)? = nil) throws {
        try self.init(network: GE2ENetwork(checkpointPath: checkpointPath), voiceDetector: voiceDetector)
    }

    /// The embedding of `samples` with the default options.
    public func embed(_ samples: [Float]) throws -> SpeakerEmbedding {
        try embedUtterance(samples).embedding
    }

    /// The embedding of `samples` (16 kHz mono) and how it was made.
    /// - Throws: `SpeakerInputError` for no samples, non-finite samples, silence (below `options.silenceDBFS`, or no
    ///   speech found by the detector) and less speech than `options.minimumSpeechSeconds`; `ConfigurationError`
    ///   for invalid options.
    public func embedUtterance(_ samples: [Float], options: GE2EEmbeddingOptions = .default) throws -> GE2EUtterance {
        try embed([prepare(samples, options: options)], batchSize: options.batchSize)[0]
    }

    /// Steps 1–4 for one utterance: what the network needs, and the facts reported with the embedding.
    /// - Throws: as `embedUtterance`.
    public func prepare(_ samples: [Float], options: GE2EEmbeddingOptions = .default) throws -> GE2EPreparedUtterance {
        try options.validate()
        let rate = Double(sampleRate)
        guard !samples.isEmpty else { throw SpeakerInputError(.invalidSamples, message: "no audio samples") }
        if let bad = samples.firstIndex(where: { !$0.isFinite }) {
            throw SpeakerInputError(.invalidSamples, message: "sample \(bad) is \(samples[bad]); audio must be finite")
        }
        let level = VolumeNormalization.rmsDBFS(samples)
        guard level.isFinite, level >= options.silenceDBFS else {
            throw SpeakerInputError(.silence, message: """
                silence only (level \(level.isFinite ? String(format: "%.1f", level) : "-inf") dBFS, below \
                \(String(format: "%.0f", options.silenceDBFS)) dBFS); record someone speaking
                """, speechSeconds: 0)
        }
        let gain = VolumeNormalization.gain(levelDBFS: level, targetDBFS: options.targetDBFS)
        var wav = VolumeNormalization.apply(gain: gain, to: samples)
        if let voiceDetector {
            let regions = try voiceDetector.speechRegions(in: wav)
            wav = type(of: voiceDetector).collect(regions, from: wav)
            guard !wav.isEmpty else {
                throw SpeakerInputError(.silence, message: "no speech found (the voice activity detector heard none); record someone speaking",
                                        speechSeconds: 0)
            }
        }
        let speechSeconds = Double(wav.count) / rate
        guard speechSeconds >= options.minimumSpeechSeconds else {
            throw SpeakerInputError(.tooLittleSpeech, message: """
                only \(String(format: "%.2f", speechSeconds)) s of speech\(voiceDetector == nil ? "" : " after trimming non-speech") \
                (at least \(String(format: "%.1f", options.minimumSpeechSeconds)) s is needed; 5–30 s of speech gives a \
                reliable voice profile): give a longer recording
                """, speechSeconds: speechSeconds)
        }

        let slices = GE2EPartialSlices(sampleCount: wav.count, partialsPerSecond: options.partialsPerSecond,
                                       minimumCoverage: options.minimumCoverage)
        if slices.sampleEnd >= wav.count {
            wav.append(contentsOf: repeatElement(0, count: slices.sampleEnd - wav.count))
        }
        return GE2EPreparedUtterance(mel: try melExtractor.extract(wav), slices: slices,
                                     inputSeconds: Double(samples.count) / rate, speechSeconds: speechSeconds, gain: gain,
                                     trimmed: voiceDetector != nil)
    }

    /// Steps 5–6 for several prepared utterances at once: their partials are pooled into batches of `batchSize`
    /// (so short utterances fill a batch together), then each utterance's partial embeddings are averaged.
    public func embed(_ utterances: [GE2EPreparedUtterance], batchSize: Int = GE2EEmbeddingOptions.default.batchSize) -> [GE2EUtterance] {
        precondition(batchSize >= 1, "GE2ESpeakerEncoder: batch size \(batchSize)")
        let windows = utterances.indices.flatMap { u in utterances[u].slices.melStarts.map { (utterance: u, start: $0) } }
        var partials = [[SpeakerEmbedding]](repeating: [], count: utterances.count)
        for chunkStart in stride(from: 0, to: windows.count, by: batchSize) {
            let chunk = windows[chunkStart..<Swift.min(chunkStart + batchSize, windows.count)]
            let embeddings = partialEmbeddings(chunk.map { (utterances[$0.utterance].mel, $0.start) })
            for (window, embedding) in zip(chunk, embeddings) { partials[window.utterance].append(embedding) }
        }
        return utterances.indices.map { u in
            let prepared = utterances[u]
            return GE2EUtterance(embedding: SpeakerEmbedding.mean(partials[u])!, partialEmbeddings: partials[u],
                                 slices: prepared.slices, inputSeconds: prepared.inputSeconds,
                                 speechSeconds: prepared.speechSeconds, gain: prepared.gain, trimmed: prepared.trimmed)
        }
    }

    /// One batch through the network: each window is 160 frames of a mel (features × frames) from `start`.
    func partialEmbeddings(_ windows: [(mel: FeatureMatrix, start: Int)]) -> [SpeakerEmbedding] {
        let melCount = network.configuration.melCount, frames = GE2EPartialSlices.partialFrames
        // (batch, 160, 40): each window transposed from the mel's feature-major layout.
        let batch = Tensor(shape: [windows.count, frames, melCount]) { out in
            for (b, window) in windows.enumerated() {
                let mel = window.mel, start = window.start
                precondition(mel.featureCount == melCount && start + frames <= mel.frameCount,
                             "GE2ESpeakerEncoder: window \(start)..<\(start + frames) outside a \(mel.featureCount) × \(mel.frameCount) mel")
                mel.values.withUnsafeBufferPointer { m in
                    let target = out.baseAddress! + b * frames * melCount
                    for feature in 0..<melCount {
                        let row = m.baseAddress! + feature * mel.frameCount + start
                        for t in 0..<frames { target[t * melCount + feature] = row[t] }
                    }
                }
            }
        }
        let embeddings = network(batch)  // (batch, E), rows unit length
        let width = network.configuration.embeddingSize
        return embeddings.withUnsafeBufferPointer { e in
            (0..<windows.count).map { SpeakerEmbedding(unitValues: Array(e[($0 * width)..<(($0 + 1) * width)])) }
        }
    }
}
