import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// Real speech from ../shared/data, read through MynaAudioFile as the golden script read it through libsndfile.
enum SpeechClips {
    /// The mono 16 kHz samples of `clip` (a path relative to the shared data folder).
    static func samples(_ clip: String) throws -> [Float] {
        let audio = try SoundFileReader.readAll(path: Fixtures.shared(clip))
        try #require(audio.format == .speech16k, "\(clip) is \(audio.format), expected 16 kHz mono")
        return audio.samples
    }

    /// The clip a golden was computed from.
    static func samples(forGolden name: String) throws -> [Float] {
        let clip = try #require(try GoldenFile.entry(name).clip, "golden \(name) names no clip")
        return try samples(clip)
    }
}
