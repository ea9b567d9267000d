import Foundation
import MynaKit
import MynaTestSupport
import Testing

/// The real `myna serve` binary on a free loopback port, driven by the official `openai` Python client (pinned in
/// scripts/e2e/requirements.txt, installed into the git-ignored scripts/e2e/.venv by this test when missing):
/// transcriptions in all five formats equal to `myna transcribe` of the same file, verbose_json segments, a
/// translation, speech in every format decoded back to the same duration (±1 %), streamed speech and transcription
/// events, and the client's own exceptions for 401, 400 and 404; word timestamps equal to `myna transcribe
/// --word-timestamps`'s; the speakers routes and /metrics over httpx. Then SIGTERM stops the server with exit code 0.
@Suite(.serialized) struct OpenAIClientEndToEndTests {
    @Test func theOpenAIClientUsesEveryRoute() throws {
        try OpenAIClientVenv.prepare()
        let audio = Fixtures.sample("jfk.flac")
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let textFile = folder.appendingPathComponent("notes.txt")
        try Data("These are notes, not audio.\n".utf8).write(to: textFile)

        // What the CLI says for the same file.
        let cli = try MynaExecutable.run(["transcribe", "--models-dir", Fixtures.models.path, "--format", "json", audio])
        #expect(cli.exitCode == 0, "\(cli.standardError)")
        let cliObject = try #require(try JSONSerialization.jsonObject(with: Data(cli.standardOutput.utf8)) as? [String: Any])
        let cliText = try #require(cliObject["text"] as? String).trimmingCharacters(in: .whitespaces)
        let cliSegments = try #require(cliObject["segments"] as? [[String: Any]])

        let server = try ServerProcess(["--api-key", "e2e-key"])
        let run = try ChildProcess.run(OpenAIClientVenv.python,
                                       [OpenAIClientVenv.folder.appendingPathComponent("openai_client_e2e.py").path,
                                        "http://127.0.0.1:\(server.port)/v1", "e2e-key", audio, textFile.path, folder.path]
                                        + SpeakerClips.alice + [SpeakerClips.aliceTest],
                                       environment: ProcessInfo.processInfo.environment)
        let status = server.stop()
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(status == 0, "myna serve exited \(status) after SIGTERM: \(server.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                                  "\(run.standardOutput) \(run.standardError)")

        // Transcriptions: the CLI's text in every format.
        let transcriptions = try #require(report["transcriptions"] as? [String: Any])
        #expect((transcriptions["json"] as? [String: Any])?["text"] as? String == cliText)
        #expect((transcriptions["text"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) == cliText)
        for format in ["srt", "vtt"] {
            let body = try #require(transcriptions[format] as? String)
            for segment in cliSegments {
                let text = (segment["text"] as? String ?? "").trimmingCharacters(in: .whitespaces)
                #expect(body.contains(text), "\(format) lacks '\(text)': \(body)")
            }
        }
        #expect((transcriptions["vtt"] as? String)?.hasPrefix("WEBVTT") == true)
        for key in ["verbose_json"] {
            let verbose = try #require(transcriptions[key] as? [String: Any])
            #expect(verbose["text"] as? String == cliText)
            #expect(verbose["language"] as? String == "english")
            #expect((verbose["duration"] as? Double ?? 0) > 10)
            let segments = try #require(verbose["segments"] as? [[String: Any]])
            #expect(segments.count == cliSegments.count)
            for (segment, expected) in zip(segments, cliSegments) {
                #expect(segment["text"] as? String == expected["text"] as? String)
                #expect(segment["tokens"] as? [Int] == expected["tokens"] as? [Int])
                #expect(segment["start"] as? Double == expected["start"] as? Double)
                #expect(segment["end"] as? Double == expected["end"] as? Double)
            }
        }
        let granular = try #require(report["verbose_segment_granularity"] as? [String: Any])
        #expect(granular["text"] as? String == cliText)
        // Word granularity: the CLI's words (without their leading space) and times, and no segments.
        let cliWords = try MynaExecutable.run(["transcribe", "--models-dir", Fixtures.models.path, "--word-timestamps",
                                               "--format", "json", audio])
        let expectedWords = try JSONDecoder().decode(CLIWords.self, from: Data(cliWords.standardOutput.utf8)).segments.flatMap(\.words)
        let wordGranular = try #require(report["verbose_word_granularity"] as? [String: Any])
        #expect(wordGranular["segments"] is NSNull, "\(wordGranular)")
        let words = try #require(wordGranular["words"] as? [[String: Any]])
        #expect(words.map { $0["word"] as? String } == expectedWords.map { $0.word.trimmingCharacters(in: .whitespaces) })
        #expect(words.map { $0["start"] as? Double } == expectedWords.map(\.start))
        #expect(words.map { $0["end"] as? Double } == expectedWords.map(\.end))

        // Streamed transcription: one delta per segment, then done with the whole text.
        let events = try #require(report["transcription_events"] as? [[String: Any]])
        #expect(events.map { $0["type"] as? String } == Array(repeating: "transcript.text.delta", count: cliSegments.count) + ["transcript.text.done"])
        #expect(events.last?["text"] as? String == cliText)

        let translation = try #require(report["translation"] as? [String: Any])
        #expect((translation["text"] as? String)?.lowercased().contains("fellow americans") == true, "\(translation)")

        // Speech: every format decodes to the WAV's duration within 1 %.
        let speech = try #require(report["speech"] as? [String: String])
        let wav = try SoundFileReader.readAll(path: try #require(speech["wav"]))
        let seconds = Double(wav.frameCount) / Double(wav.format.sampleRate)
        #expect(seconds > 2, "\(seconds) s")
        for format in ["flac", "opus", "mp3"] {
            let audio = try SoundFileReader.readAll(path: try #require(speech[format]))
            let decoded = Double(audio.frameCount) / Double(audio.format.sampleRate)
            #expect(abs(decoded - seconds) <= 0.01 * seconds, "\(format): \(decoded) s vs \(seconds) s")
        }
        let pcm = try Data(contentsOf: URL(fileURLWithPath: try #require(speech["pcm"])))
        #expect(abs(Double(pcm.count / 2) / Double(wav.format.sampleRate) - seconds) <= 0.01 * seconds)
        #expect(report["streamed_pcm_bytes"] as? Int == pcm.count)
        let speechEvents = try #require(report["speech_events"] as? [[String: Any]])
        #expect(speechEvents.count == 3, "two sentences, then done: \(speechEvents)")
        #expect(speechEvents.last?["type"] as? String == "speech.audio.done")
        #expect(speechEvents.dropLast().allSatisfy { $0["type"] as? String == "speech.audio.delta" && ($0["audio_length"] as? Int ?? 0) > 0 })

        // Errors as the client raises them.
        let unauthorized = try #require(report["error_without_key"] as? [String: Any])
        #expect(unauthorized["class"] as? String == "AuthenticationError" && unauthorized["status"] as? Int == 401)
        let textAsAudio = try #require(report["error_text_as_audio"] as? [String: Any])
        #expect(textAsAudio["class"] as? String == "BadRequestError" && textAsAudio["status"] as? Int == 400, "\(textAsAudio)")
        #expect((textAsAudio["body"] as? [String: Any])?["param"] as? String == "file", "\(textAsAudio)")
        let unknownVoice = try #require(report["error_unknown_voice"] as? [String: Any])
        #expect(unknownVoice["class"] as? String == "NotFoundError" && unknownVoice["status"] as? Int == 404)
        #expect((report["models"] as? [String])?.contains("whisper-1") == true)

        // Speakers over httpx: alice enrolled, her held-out clip accepted and identified, listed, removed, then 404.
        let speakers = try #require(report["speakers"] as? [String: [String: Any]])
        let statuses = speakers.mapValues { $0["status"] as? Int }
        #expect(statuses == ["enrol": 200, "verify": 200, "identify": 200, "list": 200, "remove": 200, "show_removed": 404],
                "\(speakers)")
        #expect((speakers["verify"]?["body"] as? [String: Any])?["accepted"] as? Bool == true, "\(speakers)")
        #expect((speakers["identify"]?["body"] as? [String: Any])?["speaker"] as? String == "alice")
        let removedError = (speakers["show_removed"]?["body"] as? [String: Any])?["error"] as? [String: Any]
        #expect(removedError?["code"] as? String == "speaker_not_found")

        // Metrics: the transcriptions counted by route and status.
        let metrics = try #require(report["metrics"] as? [String: Any])
        #expect(metrics["status"] as? Int == 200)
        #expect((metrics["text"] as? String)?.contains(#"myna_http_requests_total{route="/v1/audio/transcriptions",method="POST",status="200"}"#) == true,
                "\(metrics)")

        // One log line per request, with method, path, status and milliseconds.
        #expect(server.standardError.contains("POST /v1/audio/transcriptions 200"), "\(server.standardError)")
        #expect(server.standardError.contains("GET /v1/models 401"))
    }
}
