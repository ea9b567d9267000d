import MynaFuzzSupport
import MynaNN

/// libFuzzer target: `ONNXModelReader` on hostile bytes, every tensor read and its consumers in the graph looked up (see `FuzzInput.readWeights`).
func fuzzONNXModelReader(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzInput.readWeights(UnsafeRawBufferPointer(start: bytes, count: count), name: "voice.onnx") {
        try ONNXModelReader(path: $0)
    } inspect: { reader in
        for name in reader.names { _ = reader.consumers(of: name) }
    }
    return 0
}

FuzzDriver.run { fuzzONNXModelReader($0, $1) }
