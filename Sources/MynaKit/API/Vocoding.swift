import MynaSynthesis

// Vocoding as MynaKit's API: the knobs a program gives `FileVocoder`. Each name is the MynaSynthesis type itself.

/// Griffin-Lim's per-call knobs (iterations, momentum); `.default` holds the defaults.
public typealias GriffinLimOptions = MynaSynthesis.GriffinLimOptions
