import Foundation
import MynaKit

/// One row of `myna info`: what a file holds and how loud it is. Encodes to JSON with stable keys; levels of silent
/// or empty audio (−∞ dBFS) are `null`.
struct AudioFileSummary: Encodable {
    var path: String
    var container: String
    var codec: String
    var channels: Int
    var sampleRate: Int
    var frames: Int
    var durationSeconds: Double
    var peakDBFS: Double?
    var rmsDBFS: Double?

    init(path: String, info: SoundFileInfo, levels: SoundLevels) {
        self.path = path
        container = info.container
        codec = info.codec
        channels = info.channelCount
        sampleRate = info.sampleRate
        frames = levels.frameCount
        durationSeconds = Double(levels.frameCount) / Double(info.sampleRate)
        peakDBFS = levels.peakDBFS.isFinite ? levels.peakDBFS : nil
        rmsDBFS = levels.rmsDBFS.isFinite ? levels.rmsDBFS : nil
    }

    enum CodingKeys: String, CodingKey {
        case path, container, codec, channels, sampleRate, frames, durationSeconds, peakDBFS, rmsDBFS
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(self.container, forKey: .container)
        try container.encode(codec, forKey: .codec)
        try container.encode(channels, forKey: .channels)
        try container.encode(sampleRate, forKey: .sampleRate)
        try container.encode(frames, forKey: .frames)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        // Always present, null for silence, so every object has the same keys.
        try container.encode(peakDBFS, forKey: .peakDBFS)
        try container.encode(rmsDBFS, forKey: .rmsDBFS)
    }

    /// The human table: one header line, one aligned line per file.
    static func table(_ rows: [AudioFileSummary]) -> String {
        let header = ["FILE", "CONTAINER", "CODEC", "CHANNELS", "RATE", "DURATION", "PEAK", "RMS"]
        let cells = rows.map { row in
            [row.path, row.container, row.codec, "\(row.channels)", "\(row.sampleRate) Hz",
             String(format: "%.3f s", row.durationSeconds), level(row.peakDBFS), level(row.rmsDBFS)]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        // Text columns align left, numbers right.
        let rightAligned: Set<Int> = [3, 4, 5, 6, 7]
        return ([header] + cells).map { line in
            line.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - line[column].count)
                return rightAligned.contains(column) ? padding + line[column] : line[column] + padding
            }.joined(separator: "  ").trimmingTrailingSpaces + "\n"
        }.joined()
    }

    private static func level(_ dBFS: Double?) -> String {
        dBFS.map { String(format: "%.1f dBFS", $0) } ?? "-inf dBFS"
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
