import MynaCore

/// How `SpeakerDiarizer` finds who spoke when: how many speakers to look for, how similar two voices must be to be
/// one speaker, how finely turns are resolved, and the smallest turn and pause it reports.
public struct DiarizationOptions: Sendable, Equatable {
    /// The number of speakers, when known: the clusters are cut at exactly this many (fewer only when there are
    /// fewer speech windows). Nil finds the number with `threshold`, within `minSpeakers…maxSpeakers`.
    public var speakerCount: Int?
    public var minSpeakers = 1
    public var maxSpeakers = 20
    /// Two clusters of speech windows are one speaker while the mean cosine similarity of their GE2E embeddings is at
    /// least this. Calibrated on conversations built from `../shared/data/speaker` (`DiarizationCalibration`).
    public var threshold = DiarizationCalibration.shipped.threshold
    /// GE2E windows (1.6 s each) per second of speech: 2.5 is one every 0.4 s, which places a change of speaker to
    /// within about 0.2 s.
    public var windowsPerSecond = 2.5
    /// Speech regions shorter than this (back-channels, "yes") are too short to cluster reliably: they take the
    /// speaker whose voice their embedding is closest to, after clustering. 1.6 s is one whole GE2E window.
    public var minClusteredRegionSeconds = 1.6
    /// A cluster of fewer windows than this is not a speaker of its own: its windows join the most similar larger
    /// cluster (pyannote's `min_cluster_size`). 3 windows is about 1.5 s of speech.
    public var minClusterWindows = 3
    /// Turns shorter than this inside a region of speech are given to their neighbour (pyannote's `min_duration_on`).
    public var minTurnSeconds = 0.5
    /// Pauses shorter than this between two turns of the same speaker are closed (pyannote's `min_duration_off`): a
    /// reader's breath between two sentences is still their turn.
    public var minPauseSeconds = 0.5
    /// Audio kept on each side of the speech Silero VAD finds (silero-vad's `speech_pad_ms` is 30 ms; 0.2 s keeps the
    /// soft starts and ends of words the detector's onset lags).
    public var speechPadSeconds = 0.2

    public init() {}

    public static let `default` = DiarizationOptions()

    /// - Throws: `ConfigurationError` naming the option (as the CLI spells it) and its range.
    public func validate() throws {
        if let speakerCount, speakerCount < 1 || speakerCount > 100 {
            throw ConfigurationError(field: "--num-speakers", message: "\(speakerCount) must be between 1 and 100")
        }
        guard minSpeakers >= 1, minSpeakers <= 100 else {
            throw ConfigurationError(field: "--min-speakers", message: "\(minSpeakers) must be between 1 and 100")
        }
        guard maxSpeakers >= minSpeakers, maxSpeakers <= 100 else {
            throw ConfigurationError(field: "--max-speakers", message: "\(maxSpeakers) must be between --min-speakers (\(minSpeakers)) and 100")
        }
        guard threshold.isFinite, threshold >= -1, threshold <= 1 else {
            throw ConfigurationError(field: "--threshold", message: "\(threshold) is not a cosine similarity between -1 and 1")
        }
        guard windowsPerSecond.isFinite, windowsPerSecond >= 0.625, windowsPerSecond <= 20 else {
            throw ConfigurationError(field: "windowsPerSecond", message: "\(windowsPerSecond) must be between 0.625 and 20")
        }
        for (field, value) in [("min-clustered-region", minClusteredRegionSeconds), ("min-turn", minTurnSeconds),
                               ("min-pause", minPauseSeconds), ("speech-pad", speechPadSeconds)] {
            guard value.isFinite, value >= 0, value <= 10 else {
                throw ConfigurationError(field: "--\(field)", message: "\(value) s must be between 0 and 10 s")
            }
        }
    }
}

/// The shipped clustering threshold and how it was measured.
public struct DiarizationCalibration: Sendable, Equatable {
    public var threshold: Double

    /// Measured by `DiarizationCalibrationTests` on generated dev conversations (see the README's diarization section).
    /// On nine conversations (seeds 1–9: three of 2, 3 and 4 speakers, 12 turns each) the speaker-count-free DER is
    /// 32.1 % at 0.45, 7.0 % at 0.50, 2.8 % at 0.55, 3.4 % at 0.60, 3.5 % at 0.65; with the count given, speech pad
    /// and pause closing of 0.1/0.5 s give 4.7 %, 0.2/0.5 s 2.7 %, 0.2/1.0 s 3.0 % (`DiarizationTests.calibrationSweep`
    /// checks that the shipped values are the best of these).
    public static let shipped = DiarizationCalibration(threshold: 0.55)
}
