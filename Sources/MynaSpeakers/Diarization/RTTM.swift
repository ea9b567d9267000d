import Foundation
import MynaCore

/// NIST's Rich Transcription Time Marked format as pyannote writes and md-eval reads it: one `SPEAKER` line per turn,
/// ten space-separated fields `SPEAKER <file> 1 <start> <duration> <NA> <NA> <speaker> <NA> <NA>`, times in seconds.
public enum RTTM {
    /// The lines for `turns` of recording `fileID` (times with three decimals, as pyannote prints them).
    public static func lines(_ turns: [SpeakerTurn], fileID: String) -> [String] {
        turns.map { turn in
            "SPEAKER \(fileID) 1 \(String(format: "%.3f", turn.start)) \(String(format: "%.3f", turn.duration)) <NA> <NA> \(turn.speaker) <NA> <NA>"
        }
    }

    /// The turns of `text`, per file ID, in the order they appear. Lines other than `SPEAKER` are skipped, as md-eval
    /// does; blank lines and `;;` comments too.
    /// - Throws: `ConfigurationError` naming `location` and the line for a `SPEAKER` line without a valid start,
    ///   duration and speaker.
    public static func parse(_ text: String, location: String) throws -> [String: [SpeakerTurn]] {
        var turns: [String: [SpeakerTurn]] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let type = fields.first, type == "SPEAKER" else { continue }
            guard fields.count >= 8, let start = Double(fields[3]), let duration = Double(fields[4]),
                  start.isFinite, duration.isFinite, start >= 0, duration >= 0 else {
                throw ConfigurationError(field: "\(location):\(index + 1)", message: """
                    not an RTTM SPEAKER line (SPEAKER file 1 start duration <NA> <NA> speaker <NA> <NA>): \(line.prefix(80))
                    """)
            }
            turns[fields[1], default: []].append(SpeakerTurn(start: start, end: start + duration, speaker: fields[7]))
        }
        return turns
    }
}
