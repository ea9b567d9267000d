import MynaCore
import MynaVAD

/// The speech of an audio file as Whisper mel frames, for `WhisperDecodingOptions.speechFrames`: Silero VAD v6 over
/// the file in constant memory (`SpeechFileAnalysis`), each segment widened to whole 10 ms frames.
///
/// With it, `myna transcribe` never decodes a 30 s window of silence, noise or music, where Whisper would
/// otherwise print "you" or "Thank you." (its no-speech rule needs a low log-probability too, which those
/// hallucinations often do not have). Windows holding speech decode exactly as without it.
public enum WhisperSpeechGate {
    /// 16 kHz samples per Whisper mel frame (hop length 160).
    static let hopLength = 160

    public static func speechFrames(path: String, detector: SileroVoiceDetector,
                                    options: SpeechTimestampOptions = .default) throws -> [Range<Int>] {
        try speechFrames(input: .file(path: path), detector: detector, options: options)
    }

    public static func speechFrames(input: AudioInput, detector: SileroVoiceDetector,
                                    options: SpeechTimestampOptions = .default) throws -> [Range<Int>] {
        frames(of: try SpeechFileAnalysis(input: input, detector: detector, options: options).segments)
    }

    /// `segments` (16 kHz samples) as ascending, non-overlapping frame ranges.
    static func frames(of segments: [SpeechSegment]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for segment in segments {
            let start = segment.startSample / hopLength
            let end = (segment.endSample + hopLength - 1) / hopLength
            if let last = ranges.last, start <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                ranges.append(start..<end)
            }
        }
        return ranges
    }
}
