import MynaKit
import Testing

/// The name rules `--model`, `--voice` and the server's `model` and `voice` share: installed names only, whole or
/// short, never a path.
@Suite struct ModelNameMatchingTests {
    @Test func whisperNamesWholeOrShort() {
        let installed = ["whisper-base", "whisper-tiny.en"]
        #expect(WhisperModelLocation.installedName(matching: "whisper-base", among: installed) == "whisper-base")
        #expect(WhisperModelLocation.installedName(matching: "tiny.en", among: installed) == "whisper-tiny.en")
        for name in ["tiny", "whisper-", "", "../whisper-base", "/etc", "models/whisper-base"] {
            #expect(WhisperModelLocation.installedName(matching: name, among: installed) == nil, "\(name)")
        }
    }

    @Test func voiceNamesByFolderStemOrSpeaker() {
        let installed = [(folder: "piper-en_US-joe-medium", onnx: "/m/piper-en_US-joe-medium/en_US-joe-medium.onnx"),
                         (folder: "piper-en_GB-alba-medium", onnx: "/m/piper-en_GB-alba-medium/en_GB-alba-medium.onnx")]
        for name in ["piper-en_US-joe-medium", "en_US-joe-medium", "en_US-joe-medium.onnx", "joe"] {
            #expect(PiperVoiceLocation.installedVoice(matching: name, among: installed) == installed[0].onnx, "\(name)")
        }
        #expect(PiperVoiceLocation.installedVoice(matching: "alba", among: installed) == installed[1].onnx)
        for name in ["medium", "", "/m/piper-en_US-joe-medium/en_US-joe-medium.onnx", "../piper-en_US-joe-medium"] {
            #expect(PiperVoiceLocation.installedVoice(matching: name, among: installed) == nil, "\(name)")
        }
    }
}
