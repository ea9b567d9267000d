import MynaSpeakerRegistry
import MynaSpeakers

// Speakers as MynaKit's API: the registry of enrolled speakers, its archive format, the embedding knobs and the
// evaluation measures that `SpeakerService` and the speaker commands share. Each name is the lower module's type.

/// The SQLite registry of enrolled speakers (open, list, rename, remove, import and export).
public typealias SpeakerRegistry = MynaSpeakerRegistry.SpeakerRegistry
/// The JSON archive `myna speakers export` writes and `import` reads.
public typealias SpeakerArchive = MynaSpeakerRegistry.SpeakerArchive
/// Where the registry lives when no path is given.
public typealias SpeakerRegistryLocation = MynaSpeakerRegistry.SpeakerRegistryLocation
/// Per-call knobs of a GE2E embedding (minimum speech, trimming); `.default` holds the defaults.
public typealias GE2EEmbeddingOptions = MynaSpeakers.GE2EEmbeddingOptions
/// The calibrated decision thresholds of the GE2E encoder, with and without trimming.
public typealias GE2ECalibration = MynaSpeakers.GE2ECalibration
/// A recording that cannot give an embedding (too short, too little speech), naming the file.
public typealias SpeakerInputError = MynaSpeakers.SpeakerInputError
/// Target and impostor trials built from labelled embeddings, for evaluation.
public typealias SpeakerTrials = MynaSpeakers.SpeakerTrials
/// Costs of the detection cost function (prior, miss and false-alarm costs).
public typealias DetectionCosts = MynaSpeakers.DetectionCosts
/// Equal error rate, minimum detection cost and error rates at a threshold.
public typealias VerificationMetrics = MynaSpeakers.VerificationMetrics
/// A logistic map from scores to probabilities, fitted on trials.
public typealias ScoreCalibration = MynaSpeakers.ScoreCalibration
/// One speaker talking from a start to an end time: a diarization result, a line of an RTTM file.
public typealias SpeakerTurn = MynaSpeakers.SpeakerTurn
/// Reading and writing NIST RTTM speaker turns.
public typealias RTTM = MynaSpeakers.RTTM
/// The diarization error rate as md-eval scores it (missed, false alarm, confusion; 0.25 s collar).
public typealias DiarizationErrorRate = MynaSpeakers.DiarizationErrorRate
/// Every profile of a registry as one matrix per encoder, which `identify` searches on a shared registry.
public typealias SpeakerProfileIndex = MynaSpeakers.SpeakerProfileIndex
