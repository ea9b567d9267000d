import Foundation
import MynaFuzzSupport
import MynaAudioFile

/// libFuzzer target: the in-memory audio reader (`AudioInput.encoded` → `SoundFileReader(data:name:)`, libsndfile's
/// virtual I/O over the upload's bytes), read to the end in blocks. Errors are fine; crashes are bugs.
func fuzzAudio(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    guard let reader = try? SoundFileReader(data: data, name: "upload") else { return 0 }
    // A header may promise more than the bytes hold; stop at 10 M frames (a compressed stream can expand a lot).
    var frames = 0
    while frames < 10_000_000, let block = try? reader.readFrames(maxFrames: 65_536) {
        frames += block.frameCount
    }
    return 0
}

FuzzDriver.run { fuzzAudio($0, $1) }
