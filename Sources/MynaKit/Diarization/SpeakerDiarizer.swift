import MynaCore
import MynaSpeakers
import MynaVAD

/// Who spoke when: Silero VAD finds the speech, GE2E embeds overlapping 1.6 s windows of it, average-linkage
/// clustering groups the windows into speakers, and the windows' labels become turns.
///
/// 1. speech regions: silero-vad's `get_speech_timestamps` with its defaults;
/// 2. each region through the speaker encoder without trimming, `windowsPerSecond` partial windows per second;
/// 3. the windows of regions of at least `minClusteredRegionSeconds` are clustered (`AgglomerativeClustering`),
///    cut at `speakerCount`, or at `threshold` within `minSpeakers…maxSpeakers`;
/// 4. shorter regions take the speaker whose centroid their embedding is closest to;
/// 5. every 10 ms of a region takes the label of the window centred nearest to it; turns shorter than
///    `minTurnSeconds` go to their neighbour, pauses shorter than `minPauseSeconds` within a speaker are closed.
///
/// Thread-safety: immutable and `Sendable`; calls are independent.
public struct SpeakerDiarizer: Sendable {
    /// The GE2E encoder, without its own trimming (the regions are speech already).
    public let encoder: GE2ESpeakerEncoder
    public let speechRegions: SileroSpeechRegions
    public var sampleRate: Int { encoder.sampleRate }

    public init(network: GE2ENetwork, voiceDetector: SileroVoiceDetector) throws {
        encoder = try GE2ESpeakerEncoder(network: network, voiceDetector: nil)
        speechRegions = try SileroSpeechRegions(detector: voiceDetector, options: .default)
    }

    /// What `diarize` found: the turns, and one centroid embedding per speaker label.
    public struct Result: Sendable {
        public var turns: [SpeakerTurn]
        /// Speaker label → the normalised mean of its windows' embeddings.
        public var centroids: [String: SpeakerEmbedding]
        /// Labels in order of first appearance.
        public var speakers: [String]
    }

    /// Diarizes 16 kHz mono `samples`; labels are `SPEAKER_00`, `SPEAKER_01`… in order of first appearance.
    /// - Throws: `ConfigurationError` for invalid options; `FeatureError` for non-finite samples.
    public func diarize(_ samples: [Float], options: DiarizationOptions = .default) throws -> Result {
        try options.validate()
        let rate = Double(sampleRate)
        var vad = speechRegions.options
        vad.speechPadMs = Int((options.speechPadSeconds * 1000).rounded())
        let regions = try SileroSpeechRegions(detector: speechRegions.detector, options: vad).speechRegions(in: samples)
        var embedding = GE2EEmbeddingOptions.default
        embedding.partialsPerSecond = options.windowsPerSecond
        // Only whole windows: a window padded with zeros sounds like no one in particular.
        embedding.minimumCoverage = 1
        embedding.minimumSpeechSeconds = 0
        // Regions the encoder accepts (a region below the silence floor is dropped) and their windows.
        var kept: [(region: Range<Int>, prepared: GE2EPreparedUtterance)] = []
        for region in regions {
            do {
                kept.append((region, try encoder.prepare(Array(samples[region]), options: embedding)))
            } catch let error as SpeakerInputError where error.code == .silence {
                continue
            }
        }
        guard !kept.isEmpty else { return Result(turns: [], centroids: [:], speakers: []) }
        let utterances = encoder.embed(kept.map(\.prepared), batchSize: embedding.batchSize)

        // Step 3: cluster the windows of long enough regions (all windows when no region is long enough).
        let minimumSamples = Int(options.minClusteredRegionSeconds * rate)
        var clustered = kept.indices.filter { kept[$0].region.count >= minimumSamples }
        if clustered.isEmpty { clustered = Array(kept.indices) }
        let windows = clustered.flatMap { r in utterances[r].partialEmbeddings.indices.map { (region: r, window: $0) } }
        if let count = options.speakerCount, count > windows.count {
            throw ConfigurationError(field: "--num-speakers", message: """
                \(count) speakers in \(String(format: "%.1f", Double(kept.map(\.region.count).reduce(0, +)) / rate)) s of speech: \
                there are only \(windows.count) windows of speech to tell them apart
                """)
        }
        let vectors = windows.map { utterances[$0.region].partialEmbeddings[$0.window] }
        let clustering = AgglomerativeClustering(vectors: vectors.map(\.values))
        let minimumSize = min(options.minClusterWindows, windows.count)
        var labels: [Int]
        if let count = options.speakerCount {
            // The cut that leaves `count` clusters of at least the minimum size (small ones are absorbed below).
            labels = clustering.labels(clusterCount: count)
            for extra in 1...max(1, windows.count - count) where Self.largeClusterCount(labels, minimumSize: minimumSize) < count {
                labels = clustering.labels(clusterCount: count + extra)
            }
        } else {
            labels = clustering.labels(threshold: options.threshold, minClusters: options.minSpeakers, maxClusters: options.maxSpeakers)
        }
        let (centroids, finalLabels) = Self.absorbingSmallClusters(labels, vectors: vectors, minimumSize: minimumSize)
        labels = finalLabels

        // Steps 4–5: a label per 10 ms frame of every region.
        let frameSamples = Int(rate * DiarizationErrorRate.frameSeconds)
        var windowLabels = [[Int]](repeating: [], count: kept.count)
        for (window, label) in zip(windows, labels) { windowLabels[window.region].append(label) }
        var turns: [(start: Int, end: Int, label: Int)] = []  // in frames
        for (r, item) in kept.enumerated() {
            let startFrame = item.region.lowerBound / frameSamples, endFrame = max(startFrame + 1, item.region.upperBound / frameSamples)
            guard !windowLabels[r].isEmpty else {
                // A short region: the nearest centroid to its whole embedding.
                let label = centroids.indices.max { utterances[r].embedding.cosineSimilarity(centroids[$0]) < utterances[r].embedding.cosineSimilarity(centroids[$1]) }!
                turns.append((startFrame, endFrame, label))
                continue
            }
            let starts = item.prepared.slices.melStarts  // in 10 ms frames from the region's start
            let half = GE2EPartialSlices.partialFrames / 2
            let regionFrames = endFrame - startFrame
            var frameLabels = [Int](repeating: 0, count: regionFrames)
            var w = 0
            for f in 0..<regionFrames {
                // Windows are in order of their centres: move on while the next centre is nearer.
                while w + 1 < starts.count, abs(starts[w + 1] + half - f) <= abs(starts[w] + half - f) { w += 1 }
                frameLabels[f] = windowLabels[r][w]
            }
            turns.append(contentsOf: Self.smoothedRuns(frameLabels, minimumFrames: Int(options.minTurnSeconds * 100))
                .map { (startFrame + $0.start, startFrame + $0.end, $0.label) })
        }
        // Close short pauses within a speaker.
        var merged: [(start: Int, end: Int, label: Int)] = []
        let minimumPause = Int(options.minPauseSeconds * 100)
        for turn in turns {
            if let last = merged.last, last.label == turn.label, turn.start - last.end < minimumPause {
                merged[merged.count - 1].end = max(last.end, turn.end)
            } else {
                merged.append(turn)
            }
        }
        // Names in order of first appearance.
        var names: [Int: String] = [:]
        for turn in merged where names[turn.label] == nil { names[turn.label] = String(format: "SPEAKER_%02d", names.count) }
        let step = DiarizationErrorRate.frameSeconds
        return Result(turns: merged.map { SpeakerTurn(start: Double($0.start) * step, end: Double($0.end) * step, speaker: names[$0.label]!) },
                      centroids: Dictionary(uniqueKeysWithValues: names.map { ($1, centroids[$0]) }),
                      speakers: names.sorted { $0.value < $1.value }.map(\.value))
    }

    /// How many clusters have at least `minimumSize` members.
    static func largeClusterCount(_ labels: [Int], minimumSize: Int) -> Int {
        Dictionary(grouping: labels, by: { $0 }).values.filter { $0.count >= minimumSize }.count
    }

    /// The centroids of the clusters of at least `minimumSize` members (all clusters when none is that large), and the
    /// labels with every smaller cluster's members moved to the most similar centroid; labels renumbered 0, 1, ….
    static func absorbingSmallClusters(_ labels: [Int], vectors: [SpeakerEmbedding],
                                       minimumSize: Int) -> (centroids: [SpeakerEmbedding], labels: [Int]) {
        let groups = Dictionary(grouping: labels.indices, by: { labels[$0] })
        var large = groups.keys.filter { groups[$0]!.count >= minimumSize }.sorted()
        if large.isEmpty { large = groups.keys.sorted() }
        let centroids = large.map { label in SpeakerEmbedding.mean(groups[label]!.map { vectors[$0] })! }
        let index = Dictionary(uniqueKeysWithValues: large.enumerated().map { ($1, $0) })
        let relabelled = labels.indices.map { i -> Int in
            if let kept = index[labels[i]] { return kept }
            return centroids.indices.max { vectors[i].cosineSimilarity(centroids[$0]) < vectors[i].cosineSimilarity(centroids[$1]) }!
        }
        return (centroids, relabelled)
    }

    /// Runs of equal labels, each shorter than `minimumFrames` given to the longer of its neighbours (repeatedly,
    /// shortest first), as `[start, end)` frame ranges.
    static func smoothedRuns(_ labels: [Int], minimumFrames: Int) -> [(start: Int, end: Int, label: Int)] {
        var runs: [(start: Int, end: Int, label: Int)] = []
        for (f, label) in labels.enumerated() {
            if let last = runs.last, last.label == label { runs[runs.count - 1].end = f + 1 } else { runs.append((f, f + 1, label)) }
        }
        while runs.count > 1, let shortest = runs.indices.min(by: { runs[$0].end - runs[$0].start < runs[$1].end - runs[$1].start }),
              runs[shortest].end - runs[shortest].start < minimumFrames {
            let before = shortest > 0 ? runs[shortest - 1] : nil, after = shortest + 1 < runs.count ? runs[shortest + 1] : nil
            let takeBefore = before != nil && (after == nil || before!.end - before!.start >= after!.end - after!.start)
            if takeBefore { runs[shortest - 1].end = runs[shortest].end } else { runs[shortest + 1].start = runs[shortest].start }
            runs.remove(at: shortest)
            // Neighbours that now carry the same label become one run.
            var joined: [(start: Int, end: Int, label: Int)] = []
            for run in runs {
                if let last = joined.last, last.label == run.label { joined[joined.count - 1].end = run.end } else { joined.append(run) }
            }
            runs = joined
        }
        return runs
    }
}
