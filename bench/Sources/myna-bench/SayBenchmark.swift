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
        // Where the time goes, in a second untimed-for-the-total pass: phonemes, acoustic model, decoder.
        let phonemizer = EspeakPhonemizer(voice: voice.configuration.espeakVoice)
        let (sentences, phonemize) = try BenchmarkResult.time { try phonemizer.phonemize(text) }
        let options = PiperSynthesisOptions.default.modelOptions(for: voice.configuration)
        var acoustic = 0.0, decoder = 0.0
        for sentence in sentences {
            var missing: [String] = []
            let ids = voice.phonemeIDs.encode(sentence.phonemes, missing: &missing)
            let (latents, a) = try BenchmarkResult.time { try voice.acousticModel.latents(ids, options: options) }
            let features = FeatureMatrix(featureCount: latents.z.shape[0], frameCount: latents.z.shape[1], values: latents.z.values)
            let (_, d) = try BenchmarkResult.time { try voice.decoder.waveform(from: features) }
            acoustic += a
            decoder += d
        }
        return BenchmarkResult(benchmark: "say", seconds: outcome.total, facts: [
            "phonemizeMicroseconds": Int(phonemize * 1e6), "acousticMicroseconds": Int(acoustic * 1e6),
            "decoderMicroseconds": Int(decoder * 1e6),
            "samples": outcome.samples, "sentences": outcome.sentences, "sampleRate": voice.sampleRate,
            "firstAudioMicroseconds": Int(outcome.firstChunk * 1e6), "loadMicroseconds": Int(load * 1e6),
        ])
    }
}
