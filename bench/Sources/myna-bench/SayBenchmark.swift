import Foundation
import MynaCore
import MynaSynthesis

/// `myna-bench say VOICE.onnx:TEXT_FILE`: load the voice (timed separately), then synthesize the file's text as one
/// request through `PiperSynthesizer`, consuming the chunks as they stream. `seconds` is the synthesis wall time;
/// facts give the time to the first chunk, the load time (µs) and the samples and sentences produced.
enum SayBenchmark {
    static func run(voiceAndText: String) throws -> BenchmarkResult {
        guard let colon = voiceAndText.lastIndex(of: ":") else {
            throw ConfigurationError(field: "say", message: "expected VOICE.onnx:TEXT_FILE")
        }
        let voicePath = String(voiceAndText[..<colon]), textPath = String(voiceAndText[voiceAndText.index(after: colon)...])
        let text = try String(contentsOfFile: textPath, encoding: .utf8)
        let (voice, load) = try BenchmarkResult.time { try PiperVoice(modelPath: voicePath) }
        let synthesizer = try PiperSynthesizer(voice: voice)
        final class Outcome: @unchecked Sendable {
            var samples = 0, sentences = 0, firstChunk = 0.0, total = 0.0
            var error: Error?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            let clock = ContinuousClock(), start = clock.now
            func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
            do {
                for try await chunk in synthesizer.synthesize(text) {
                    if outcome.sentences == 0 { outcome.firstChunk = seconds(clock.now - start) }
                    outcome.sentences += 1
                    outcome.samples += chunk.audio.frameCount
                }
            } catch {
                outcome.error = error
            }
            outcome.total = seconds(clock.now - start)
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
        return BenchmarkResult(benchmark: "say", seconds: outcome.total, facts: [
            "samples": outcome.samples, "sentences": outcome.sentences, "sampleRate": voice.sampleRate,
            "firstAudioMicroseconds": Int(outcome.firstChunk * 1e6), "loadMicroseconds": Int(load * 1e6),
        ])
    }
}
