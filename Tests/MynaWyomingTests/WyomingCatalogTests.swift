import Foundation
import MynaKit
import MynaTestSupport
import Testing
@testable import MynaWyoming

/// What `info` offers and how requests name it: the installed models and voices of models/ (setup.sh).
@Suite struct WyomingCatalogTests {
    let catalog = WyomingCatalog(modelsDirectory: ModelsDirectory(url: Fixtures.models, source: .option), asr: true, tts: true)

    @Test func listsInstalledModelsAndVoicesWithLanguages() throws {
        let tiny = try #require(catalog.models.first { $0.name == "whisper-tiny.en" })
        #expect(tiny.languages == ["en"])
        let joe = try #require(catalog.voices.first { $0.name == "en_US-joe-medium" })
        #expect(joe.languages == ["en_US"])
        #expect(joe.folder == "piper-en_US-joe-medium")
        #expect(joe.onnx.hasSuffix("en_US-joe-medium.onnx"))
        let info = catalog.info(version: "1.2.3")
        #expect(info.asr.first?.supportsTranscriptStreaming == true)
        #expect(info.tts.first?.supportsSynthesizeStreaming == true)
        #expect(info.asr.first?.version == "1.2.3")
        // The keys the Python package reads, spelt as on the wire.
        let event = WyomingEvent(info)
        guard case .array(let asr)? = event.data["asr"], case .object(let program)? = asr.first else {
            Issue.record("no asr program: \(event.data)")
            return
        }
        #expect(program["supports_transcript_streaming"] == .bool(true))
        #expect(program["installed"] == .bool(true))
    }

    @Test func requestsNameOnlyWhatIsListed() {
        let joe = "en_US-joe-medium"
        #expect(catalog.voice(named: joe, language: nil, default: "x")?.name == joe)
        #expect(catalog.voice(named: "joe", language: nil, default: "x")?.name == joe)
        #expect(catalog.voice(named: "piper-en_US-joe-medium", language: nil, default: "x")?.name == joe)
        #expect(catalog.voice(named: nil, language: "en-US", default: "x")?.name == joe)
        #expect(catalog.voice(named: "nobody", language: nil, default: joe) == nil)
        // A path is never a voice, even one that exists.
        #expect(catalog.voice(named: catalog.voices.first?.onnx, language: nil, default: joe) == nil)
        #expect(catalog.model(named: "tiny.en", default: "x")?.name == "whisper-tiny.en")
        #expect(catalog.model(named: Fixtures.models.appendingPathComponent("whisper-tiny.en").path, default: "x") == nil)
        #expect(catalog.model(named: nil, default: "whisper-tiny.en")?.name == "whisper-tiny.en")
    }

    @Test func disabledSidesListNothing() {
        let directory = ModelsDirectory(url: Fixtures.models, source: .option)
        #expect(WyomingCatalog(modelsDirectory: directory, asr: false, tts: true).models.isEmpty)
        #expect(WyomingCatalog(modelsDirectory: directory, asr: true, tts: false).voices.isEmpty)
    }

    @Test func transcriptChunksConcatenateToTheText() {
        func segment(_ text: String) -> TranscriptSegment {
            TranscriptSegment(id: 0, seek: 0, start: 0, end: 1, text: text, tokens: [], temperature: 0, avgLogProb: 0,
                              compressionRatio: 1, noSpeechProb: 0)
        }
        let transcript = Transcript(text: " Turn on the lights. And the fan. ", segments: [segment(" Turn on the lights."), segment(" And the fan. ")],
                                    language: "en")
        let (text, chunks) = WyomingConnection.text(of: transcript)
        #expect(text == "Turn on the lights. And the fan.")
        #expect(chunks == ["Turn on the lights.", " And the fan."])
        #expect(WyomingConnection.text(of: Transcript(text: "", segments: [], language: "en")) == ("", []))
    }
}
