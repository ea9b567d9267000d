import Foundation
import MynaKit
import MynaTestSupport
import Testing

/// Myna's SHA-256 against digests Python's hashlib produced (SHA256Vectors.swift, from scripts/goldens/sha256_vectors.py).
@Suite struct SHA256Tests {
    @Test(arguments: SHA256Vectors.pattern.map(\.length))
    func oneShotMatchesHashlib(length: Int) throws {
        let expected = try #require(SHA256Vectors.pattern.first { $0.length == length }).digest
        #expect(SHA256.hash(SHA256Vectors.pattern(length)).hex == expected)
    }

    @Test func fipsExampleMessages() {
        for (text, digest) in SHA256Vectors.messages {
            #expect(SHA256.hash(Array(text.utf8)).hex == digest, "message \"\(text)\"")
        }
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex == SHA256Vectors.millionA)
    }

    /// Feeding the same bytes in pieces of awkward sizes (empty, 1, 63, 64, 65, …) must not change the digest.
    @Test(arguments: [[1], [63], [64], [65], [0, 7, 0, 129], [55, 1, 8], [4095, 2], [100_000, 3]])
    func streamingInPiecesMatchesHashlib(pieceSizes: [Int]) throws {
        let length = 1_048_579
        let expected = try #require(SHA256Vectors.pattern.first { $0.length == length }).digest
        let bytes = SHA256Vectors.pattern(length)
        var hasher = SHA256()
        var offset = 0
        var piece = 0
        bytes.withUnsafeBytes { all in
            while offset < length {
                let size = min(pieceSizes[piece % pieceSizes.count], length - offset)
                hasher.update(UnsafeRawBufferPointer(rebasing: all[offset..<offset + size]))
                offset += size
                piece += 1
            }
        }
        #expect(hasher.finalize().hex == expected)
    }

    /// Unaligned input: the same message starting at every offset within a word.
    @Test func unalignedInput() throws {
        let expected = try #require(SHA256Vectors.pattern.first { $0.length == 1000 }).digest
        for shift in 0..<8 {
            let padded = [UInt8](repeating: 0xAA, count: shift) + SHA256Vectors.pattern(1000)
            let digest = padded.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(rebasing: $0[shift...])) }
            #expect(digest.hex == expected, "input starting at byte offset \(shift)")
        }
    }

    @Test func fileHashMatchesHashlib() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for length in [0, 65, 1_048_579] {
            let expected = try #require(SHA256Vectors.pattern.first { $0.length == length }).digest
            let url = directory.appendingPathComponent("pattern-\(length).bin")
            try Data(SHA256Vectors.pattern(length)).write(to: url)
            var reported: [Int64] = []
            let digest = try SHA256.hash(fileAt: url.path) { reported.append($0) }
            #expect(digest.hex == expected, "file of \(length) bytes")
            #expect(reported.last ?? 0 == Int64(length), "progress ends at the file size")
        }
    }

    @Test func fileErrorsNameThePath() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("absent.bin").path
        #expect { try SHA256.hash(fileAt: missing) } throws: { error in
            "\(error)".hasPrefix(missing + ": ")
        }
        #expect { try SHA256.hash(fileAt: directory.path) } throws: { error in
            "\(error)".hasPrefix(directory.path + ": ")
        }
    }

    @Test func hexRoundTrip() throws {
        let hex = try #require(SHA256Vectors.messages.first).digest
        let digest = try #require(SHA256Digest(hex: hex.uppercased()))
        #expect(digest.hex == hex)
        #expect(digest.bytes.count == 32)
        #expect(SHA256Digest(hex: String(hex.dropLast())) == nil)
        #expect(SHA256Digest(hex: String(hex.dropLast()) + "g") == nil)
    }
}
