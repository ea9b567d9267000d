import Foundation
import Testing
import MynaCore
@testable import MynaNN
import MynaTestSupport

/// Golden data written by `scripts/goldens/weights_goldens.py` and the pinned model files it describes.
enum WeightsGolden {
    /// The `Golden/` folder (bundle resources, or the source folder when run without the bundle).
    static let folder: URL = {
        if let url = Bundle.module.url(forResource: "weights_misc", withExtension: "json", subdirectory: "Golden") {
            return url.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }()

    /// The path of a golden file (a small synthetic model or a JSON index).
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A golden JSON file as nested dictionaries and arrays.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any],
                            "\(name) is not a JSON object; run scripts/goldens/weights_goldens.py")
    }

    /// The path of a pinned model file under `models/`; a missing file fails the test (models are always installed
    /// in CI) with the fix.
    static func model(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = Fixtures.models.appendingPathComponent(relative).path
        try #require(FileManager.default.fileExists(atPath: path), """
            model file \(relative) not found under \(Fixtures.models.path): run scripts/setup.sh \
            (or bench/.venv/bin/python scripts/fetch_models.py) to fetch the pinned models
            """, sourceLocation: sourceLocation)
        return path
    }
}

/// JSON number or the strings "inf", "-inf", "nan" (how the golden script writes non-finite values).
func goldenDouble(_ value: Any?) -> Double? {
    switch value {
    case let number as NSNumber: return number.doubleValue
    case "inf" as String: return .infinity
    case "-inf" as String: return -.infinity
    case "nan" as String: return .nan
    default: return nil
    }
}

func goldenDoubles(_ value: Any?) -> [Double] { (value as? [Any] ?? []).map { goldenDouble($0) ?? .nan } }

func goldenInts(_ value: Any?) -> [Int] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }

/// Floats compared bit for bit, except that any NaN matches any NaN.
func sameFloats(_ actual: [Float], _ expected: [Double]) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { a, e in
        (a.isNaN && e.isNaN) || a == Float(e)
    }
}

/// One inventory row of the golden: `[name, dtype, shape]` or `[name, dtype, shape, sum, absSum, samples]`.
struct GoldenTensorRow {
    let name: String
    let dtype: String
    let shape: [Int]
    /// Sum (floating tensors: within `1e-9 · absSum`; integer tensors: exact), absent in inventory-only rows.
    let sum: Double?
    let integerSum: Int?
    let absSum: Double?
    /// Values at flat indices `i·(n−1)/4`, i = 0…4: float32 bit patterns, or integers for integer tensors.
    let samples: [Int]

    init(_ any: Any) throws {
        let row = try #require(any as? [Any], "golden row is not an array")
        name = try #require(row[0] as? String)
        dtype = try #require(row[1] as? String)
        shape = goldenInts(row[2])
        if row.count > 3 {
            let isInteger = row[4] is NSNull
            integerSum = isInteger ? (row[3] as? NSNumber)?.intValue : nil
            sum = isInteger ? nil : goldenDouble(row[3])
            absSum = isInteger ? nil : goldenDouble(row[4])
            samples = goldenInts(row[5])
        } else {
            sum = nil; integerSum = nil; absSum = nil; samples = []
        }
    }

    var hasStats: Bool { sum != nil || integerSum != nil }

    static func sampleIndices(count: Int) -> [Int] { count == 0 ? [] : (0..<5).map { $0 * (count - 1) / 4 } }
}

/// Checks one archive tensor against a golden row: dtype name, shape and (when present) sum and samples.
/// `dtypeNames` maps Myna's dtype to the golden's spelling where they differ (numpy says `bool`, `float32`…).
func expectMatches(_ archive: some WeightArchive, _ row: GoldenTensorRow, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let entry = try archive.entry(named: row.name)
    #expect(entry.shape == row.shape, "\(row.name) shape", sourceLocation: sourceLocation)
    #expect(entry.dtype.rawValue == row.dtype, "\(row.name) dtype", sourceLocation: sourceLocation)
    guard row.hasStats else { return }
    let indices = GoldenTensorRow.sampleIndices(count: entry.elementCount)
    if let integerSum = row.integerSum {
        let values = try archive.integers(named: row.name)
        #expect(values.reduce(0, +) == integerSum, "\(row.name) sum", sourceLocation: sourceLocation)
        #expect(indices.map { values[$0] } == row.samples, "\(row.name) samples", sourceLocation: sourceLocation)
        return
    }
    let values = try archive.floats(named: row.name)
    var sum = 0.0
    values.withUnsafeBufferPointer { buffer in for value in buffer { sum += Double(value) } }
    let expectedSum = try #require(row.sum), absSum = try #require(row.absSum)
    // Summation order differs from numpy's pairwise sum: allow 1e-9 of the absolute sum (the golden prints 12 digits).
    #expect(abs(sum - expectedSum) <= 1e-9 * absSum, "\(row.name) sum \(sum) vs \(expectedSum)", sourceLocation: sourceLocation)
    let samples = indices.map { Int(values[$0].bitPattern) }
    #expect(samples == row.samples, "\(row.name) samples \(indices.map { values[$0] })", sourceLocation: sourceLocation)
}

/// Runs `body`, expecting a `WeightLoadingError` with `code` whose description contains every string in `mentions`.
@discardableResult
func expectWeightError(_ code: WeightLoadingError.Code, mentions: [String] = [], sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () throws -> Void) -> WeightLoadingError? {
    do {
        try body()
        Issue.record("expected WeightLoadingError.\(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as WeightLoadingError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        for text in mentions {
            #expect(error.description.contains(text), "'\(error)' should mention '\(text)'", sourceLocation: sourceLocation)
        }
        #expect(!error.description.contains("\n"), "error is one line: \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected WeightLoadingError.\(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A scratch directory for files a test writes; removed when the value is released.
final class WeightsScratch {
    let url: URL

    init() throws { url = try Fixtures.makeTemporaryDirectory() }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to a new file called `name` and returns its path.
    func write(_ bytes: [UInt8], name: String = "weights.bin") throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Little-endian byte building for hand-made weight files.
struct ByteBuilder {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func floats(_ values: [Float]) { for value in values { u32(value.bitPattern) } }
    mutating func append(_ other: [UInt8]) { bytes += other }
    mutating func ascii(_ text: String) { bytes += Array(text.utf8) }
}

/// Reads every tensor of an archive as floats (exercising every conversion and bounds check).
func readEverything(_ archive: some WeightArchive) throws {
    for name in archive.names { _ = try archive.floats(named: name) }
}

/// Every weight reader, by name, for tests that feed the same bytes to all of them.
let allWeightReaders: [(name: String, open: @Sendable (String) throws -> any WeightArchive)] = [
    ("CTranslate2", { try CTranslate2ModelReader(path: $0) }),
    ("ONNX", { try ONNXModelReader(path: $0) }),
    ("PyTorch", { try PyTorchCheckpointReader(path: $0) }),
    ("safetensors", { try SafetensorsReader(path: $0) }),
]
