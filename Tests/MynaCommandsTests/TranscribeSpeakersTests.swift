import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// `myna transcribe --speakers` on a two-voice file (JFK, a pause, then the LJSpeech reader): speaker labels in every
/// format, one voice gives one speaker, silence gives none, and impossible speaker counts are one clear error.
/// The share of words that carry their turn's speaker is measured on generated conversations in MynaKitTests
/// (`TranscriptSpeakersTests`).
@Suite struct TranscribeSpeakersTests {
    /// JFK (0–11 s), 1 s of silence, the LJSpeech reader (12–21.7 s); and a database path where nobody is enrolled.
    static let dialogue: (path: String, database: String) = {
        let folder = try! Fixtures.makeTemporaryDirectory()
        let path = folder.appendingPathComponent("dialogue.wav").path
        let first = try! SoundFileReader.readAll(path: Fixtures.sample("jfk.flac"))
        let second = try! SoundFileReader.readAll(path: Fixtures.sample("LJ001-0001.flac"))
        let writer = try! SoundFileWriter(path: path, format: .speech16k, encoding: .wav16)
        try! writer.writeFrames(AudioBuffer(mono: first.samples + [Float](repeating: 0, count: 16_000) + second.samples, sampleRate: 16_000))
        try! writer.finishWriting()
        return (path, folder.appendingPathComponent("nobody.sqlite").path)
    }()

    static func run(_ arguments: [String], file: String = dialogue.path) throws -> CommandResult {
        try MynaExecutable.run(["transcribe", "--speakers", "--db", dialogue.database] + arguments + [file])
    }

    @Test func jsonLabelsWordsAndSegments() throws {
        let result = try Self.run(["--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let segments = try #require(object["segments"] as? [[String: Any]])
        let words = segments.flatMap { ($0["words"] as? [[String: Any]]) ?? [] }
        #expect(words.count > 30)
        for word in words {
            let start = try #require(word["start"] as? Double)
            // Before the pause JFK, after it the reader.
            #expect(word["speaker"] as? String == (start < 11.5 ? "SPEAKER_00" : "SPEAKER_01"), "\(word)")
        }
        for segment in segments {
            let speakers = Set(((segment["words"] as? [[String: Any]]) ?? []).compactMap { $0["speaker"] as? String })
            #expect(speakers == [try #require(segment["speaker"] as? String)])
        }
    }

    @Test(arguments: ["txt", "tsv", "srt", "vtt"])
    func textFormatsNameTheSpeaker(format: String) throws {
        let result = try Self.run(["--format", format])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("[SPEAKER_00]: And so"), "\(output)")
        #expect(output.contains("[SPEAKER_01]: Printing"), "\(output)")
        if format == "vtt" {
            #expect(output.contains("<v SPEAKER_00>[SPEAKER_00]: And so"), "\(output)")
            #expect(output.contains("</v>\n"))
        }
    }

    @Test func oneVoiceIsOneSpeaker() throws {
        let result = try Self.run(["--format", "txt"], file: Fixtures.sample("LJ001-0009.flac"))
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("[SPEAKER_00]: ") }, "\(result.standardOutput)")
    }

    @Test func silenceHasNoSpeakers() throws {
        let path = try Fixtures.makeTemporaryDirectory().appendingPathComponent("silence.wav").path
        let writer = try SoundFileWriter(path: path, format: .speech16k, encoding: .wav16)
        try writer.writeFrames(AudioBuffer(mono: [Float](repeating: 0, count: 48_000), sampleRate: 16_000))
        try writer.finishWriting()
        let result = try Self.run(["--json"], file: path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains(#""segments": []"#), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("speaker"))
    }

    @Test func impossibleSpeakerCountsAreOneClearError() throws {
        let zero = try Self.run(["--num-speakers", "0"])
        #expect(zero.exitCode == 2)
        #expect(zero.standardError.contains("--num-speakers") && zero.standardError.contains("between 1 and 100"), "\(zero.standardError)")
        let many = try Self.run(["--num-speakers", "90"], file: Fixtures.sample("LJ001-0002.flac"))
        #expect(many.exitCode != 0)
        #expect(many.standardError.contains("--num-speakers") && many.standardError.contains("windows of speech"), "\(many.standardError)")
        #expect(many.standardError.split(separator: "\n").count == 1, "\(many.standardError)")
        #expect(many.standardOutput.isEmpty)
        let alone = try MynaExecutable.run(["transcribe", "--num-speakers", "2", Fixtures.sample("jfk.flac")])
        #expect(alone.exitCode == 2)
        #expect(alone.standardError.contains("--num-speakers needs --speakers"), "\(alone.standardError)")
    }
}
