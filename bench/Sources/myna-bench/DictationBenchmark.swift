import Foundation
import MynaKit
import MynaRecognition

/// Live dictation over a 16 kHz file as fast as it decodes (what `myna dictate --input FILE --fast` does): Silero VAD,
/// partial decodes every second of speech, speculative and final decodes, in 512-sample chunks. The installed
/// tiny.en and silero-vad-v6 (`ModelsDirectory.locate`). Timed after one warm-up encoder pass; facts are counts and
/// microseconds.
enum DictationBenchmark {
    static func run(path: String) async throws -> BenchmarkResult {
        let directory = ModelsDirectory.locate(explicitPath: nil)
        let folder = try WhisperModelLocation.resolve(WhisperModelLocation.defaultName, modelsDirectory: directory)
        let transcriber = try WhisperTranscriber(model: WhisperModel(directory: folder))
        let session = try DictationSession(transcriber: transcriber,
                                           vad: DictationVoiceActivity.open(path: nil, modelsDirectory: directory))
        session.warmUp()
        let source = try AudioFileMicrophone(path: path, pace: .fast)
        let clock = ContinuousClock()
        let start = clock.now
        var finals = 0
        try await LiveDictation.run(session, source: source, readFrames: 512) { event in
            if case .final = event { finals += 1 }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let s = session.statistics
        func micro(_ seconds: Double) -> Int { Int((seconds * 1e6).rounded()) }
        return BenchmarkResult(benchmark: "dictate", seconds: seconds, facts: [
            "audio_ms": Int((s.audioSeconds * 1000).rounded()), "finals": finals, "utterances": s.utteranceCount,
            "partial_decodes": s.partialDecodes, "partial_us": micro(s.partialSeconds),
            "speculative_decodes": s.speculativeDecodes, "speculative_us": micro(s.speculativeSeconds),
            "final_decodes": s.finalDecodes, "final_us": micro(s.finalSeconds), "reused_finals": s.reusedFinals,
            "encoder_us": micro(s.encoderSeconds), "front_end_us": micro(s.frontEndSeconds),
        ])
    }
}
