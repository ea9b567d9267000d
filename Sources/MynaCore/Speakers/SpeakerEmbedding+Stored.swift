extension SpeakerEmbedding {
    /// Checks values about to be stored, or read back from a registry: finite, with Euclidean norm within 1e-3 of 1.
    /// Every registry backend applies the same rule. - Throws: `SpeakerRegistryError` with `code`, naming `what`.
    public static func validateStored(_ values: [Float], location: String, what: String,
                                      code: SpeakerRegistryError.Code) throws {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else {
            throw SpeakerRegistryError(code, location: location, message: "\(what): embedding has non-finite values")
        }
        let norm = values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard abs(norm - 1) < 1e-3 else {
            throw SpeakerRegistryError(code, location: location, message: "\(what): embedding norm is \(norm), not 1")
        }
    }

    /// An embedding read back from a registry: `dimension` values passing `validateStored`. - Throws: `.corrupt`.
    public static func stored(_ values: [Float], dimension: Int, location: String, what: String) throws -> SpeakerEmbedding {
        guard values.count == dimension else {
            throw SpeakerRegistryError(.corrupt, location: location, message: """
                \(what): embedding has \(values.count) values, expected \(dimension)
                """)
        }
        try validateStored(values, location: location, what: what, code: .corrupt)
        return SpeakerEmbedding(unitValues: values)
    }
}
