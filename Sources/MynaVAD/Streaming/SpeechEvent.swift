/// A change between silence and speech found in a stream, at a position in samples of the 16 kHz stream.
///
/// Positions are those of `SpeechTimestamps.segments` (padding included): a stream's events pair up into exactly the
/// segments the offline function finds in the same audio. An event is announced once it is final, which is later
/// than the position it names: a start once the segment is long enough to be kept (about the minimum speech
/// duration after it), an end once the silence after it is long enough and the padding is settled.
public enum SpeechEvent: Sendable, Hashable {
    /// Speech starts at this sample.
    case started(sample: Int)
    /// Speech ends before this sample.
    case ended(sample: Int)

    /// The sample the event names.
    public var sample: Int {
        switch self {
        case .started(let sample), .ended(let sample): sample
        }
    }

    /// Pairs consecutive `started`/`ended` events into segments (a trailing `started` without its end is left out).
    public static func segments(_ events: [SpeechEvent]) -> [SpeechSegment] {
        var segments: [SpeechSegment] = []
        var start: Int?
        for event in events {
            switch event {
            case .started(let sample): start = sample
            case .ended(let sample):
                if let begin = start { segments.append(SpeechSegment(startSample: begin, endSample: sample)) }
                start = nil
            }
        }
        return segments
    }
}
