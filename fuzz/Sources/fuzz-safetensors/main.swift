import MynaFuzzSupport
import MynaNN

/// libFuzzer target: `SafetensorsReader` on hostile bytes, every tensor read (see `FuzzInput.readWeights`).
func fuzzSafetensorsReader(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzInput.readWeights(UnsafeRawBufferPointer(start: bytes, count: count), name: "silero_vad.safetensors") { try SafetensorsReader(path: $0) }
    return 0
}

FuzzDriver.run { fuzzSafetensorsReader($0, $1) }
