import MynaVAD

// Voice activity as MynaKit's API: the Silero detector that `SpeechFileAnalysis` runs and the knobs of its speech
// segments. Each name is the MynaVAD type itself.

/// The Silero VAD v6 model (immutable weights, shared across analyses), opened from a weight file.
public typealias SileroVoiceDetector = MynaVAD.SileroVoiceDetector
/// How probabilities become speech segments (silero-vad's get_speech_timestamps knobs); `.default` holds the defaults.
public typealias SpeechTimestampOptions = MynaVAD.SpeechTimestampOptions
