import MynaFuzzSupport
import MynaNN

/// libFuzzer target: `CTranslate2ModelReader` on hostile bytes, every tensor read (see `FuzzInput.readWeights`).
func fuzzCTranslate2ModelReader(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzInput.readWeights(UnsafeRawBufferPointer(start: bytes, count: count), name: "model.bin") { try CTranslate2ModelReader(path: $0) }
    return 0
}

FuzzDriver.run { fuzzCTranslate2ModelReader($0, $1) }
