import Foundation
import MynaRecognition
import MynaTestSupport
import Testing

/// Against Python's `zlib.compress` (scripts/goldens/compression_ratio_goldens.py) on real transcripts and looping text.
@Suite struct CompressionRatioTests {
    struct Golden: Decodable {
        struct Case: Decodable { var text: String; var ratio: Double }
        var cases: [Case]
    }

    @Test func matchesPythonZlib() throws {
        let url = try #require(Bundle.module.url(forResource: "compression_ratios", withExtension: "json", subdirectory: "Golden"))
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        #expect(golden.cases.count > 80)
        for testCase in golden.cases {
            // Same zlib, same level: the compressed length, and so the ratio, is identical.
            #expect(CompressionRatio.of(testCase.text) == testCase.ratio, "\(testCase.text.prefix(40))")
        }
        // The looping texts are the ones faster-whisper's 2.4 threshold rejects.
        #expect(CompressionRatio.of(String(repeating: " Thank you.", count: 20)) > 2.4)
    }
}
