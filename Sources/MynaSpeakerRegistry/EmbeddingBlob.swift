import Foundation
import MynaCore

/// Embeddings as stored in the database: the Float32 values, little-endian, back to back (4 bytes per component).
enum EmbeddingBlob {
    static func encode(_ embedding: SpeakerEmbedding) -> Data {
        var data = Data(capacity: embedding.dimension * 4)
        for value in embedding.values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The embedding in `data`, which must hold `dimension` finite Float32 values of norm ≈ 1.
    static func decode(_ data: Data, dimension: Int, location: String, what: String) throws -> SpeakerEmbedding {
        guard data.count == dimension * 4 else {
            throw SpeakerRegistryError(.corrupt, location: location, message: """
                \(what): embedding has \(data.count) bytes, expected \(dimension * 4) (\(dimension) float32 values)
                """)
        }
        let values = data.withUnsafeBytes { raw in
            (0..<dimension).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        try validate(values, location: location, what: what, code: .corrupt)
        return SpeakerEmbedding(unitValues: values)
    }

    /// Finite values with Euclidean norm within 1e-3 of 1 (the rule every registry backend applies).
    static func validate(_ values: [Float], location: String, what: String, code: SpeakerRegistryError.Code) throws {
        try SpeakerEmbedding.validateStored(values, location: location, what: what, code: code)
    }
}
