/// The benchmarks `myna-bench` knows, by command-line name.
enum BenchmarkName: String {
    case ioDecode = "io-decode"
    case ioResample = "io-resample"
    case tensor = "tensor"
    case hifiganVocode = "hifigan-vocode"
    case mel = "mel"
    case weightsLoad = "weights-load"
    case whisper = "whisper"
    case speakers = "speakers"
    case vad = "vad"
    case say = "say"
    case dictate = "dictate"
    case speakerIndex = "speaker-index"
}
