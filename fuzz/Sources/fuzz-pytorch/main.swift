import MynaFuzzSupport
import MynaNN

/// libFuzzer target: `PyTorchCheckpointReader` on hostile bytes, every tensor read (see `FuzzInput.readWeights`).
func fuzzPyTorchCheckpointReader(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzInput.readWeights(UnsafeRawBufferPointer(start: bytes, count: count), name: "encoder.pt") { try PyTorchCheckpointReader(path: $0) }
    return 0
}

FuzzDriver.run { fuzzPyTorchCheckpointReader($0, $1) }
