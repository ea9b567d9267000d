/// The benchmarks `myna-bench` knows, by command-line name.
enum BenchmarkName: String {
    case ioDecode = "io-decode"
    case ioResample = "io-resample"
    case tensor = "tensor"
    case mel = "mel"
    case weightsLoad = "weights-load"
    case whisper = "whisper"
    case vad = "vad"
    case dictate = "dictate"
}
