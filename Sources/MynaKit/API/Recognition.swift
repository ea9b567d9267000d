import MynaRecognition

// Speech recognition as MynaKit's API: the per-call knobs of Whisper decoding and the transcript formats, which
// `MynaEngine.transcribe` takes and returns. Each name is the MynaRecognition type itself.

/// Whisper's per-call decoding knobs (beam size, patience, temperatures, language, task); `.default` holds the defaults.
public typealias WhisperDecodingOptions = MynaRecognition.WhisperDecodingOptions
/// Whisper's language codes and names, and the parsing of a language argument (`code(fromArgument:)`).
public typealias WhisperLanguage = MynaRecognition.WhisperLanguage
/// Transcribe in the spoken language or translate into English.
public typealias WhisperTask = MynaRecognition.WhisperTask
/// The transcript file formats (txt, srt, vtt, tsv, json) and their writers.
public typealias TranscriptFormat = MynaRecognition.TranscriptFormat
/// A format's incremental renderer: header, then each segment as it is final, then the footer.
public typealias TranscriptWriter = MynaRecognition.TranscriptWriter
/// How srt and vtt cues of word-timed transcripts are cut into lines and cues (max line width and count, highlighting).
public typealias SubtitleLayout = MynaRecognition.SubtitleLayout
