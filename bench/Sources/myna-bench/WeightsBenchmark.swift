import MynaNN
import MynaTensor

/// Weight loading: open a model file and convert every stored tensor to a Float32 `Tensor`, as a model does at load.
enum WeightsBenchmark {
    /// Opens `path` with the reader its contents call for, then reads every tensor (f16/bf16 widened, int8
    /// dequantised); the mapping, parsing and all conversions are timed.
    static func load(path: String) throws -> BenchmarkResult {
        let ((tensors, elements), seconds) = try BenchmarkResult.time { () throws -> (Int, Int) in
            let archive = try WeightFileFormat.open(path: path)
            var elements = 0
            for name in archive.names { elements += try archive.tensor(named: name).count }
            return (archive.names.count, elements)
        }
        return BenchmarkResult(benchmark: "weights-load", seconds: seconds, facts: ["tensors": tensors, "elements": elements])
    }
}
