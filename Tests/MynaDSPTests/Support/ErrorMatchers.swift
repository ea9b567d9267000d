import MynaCore
import Testing

/// Expects `body` to throw a `ConfigurationError` about `field`.
func expectConfigurationError(field: String, sourceLocation: SourceLocation = #_sourceLocation,
                              _ body: () throws -> Void) {
    let error = #expect(throws: ConfigurationError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.field == field, "\(String(describing: error))", sourceLocation: sourceLocation)
}

/// Expects `body` to throw a `FeatureError` with `code` whose message contains `text`; returns the error.
@discardableResult
func expectFeatureError(_ code: FeatureError.Code, containing text: String,
                        sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () throws -> Void) -> FeatureError? {
    let error = #expect(throws: FeatureError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.message.contains(text) == true, "\(String(describing: error?.message))", sourceLocation: sourceLocation)
    return error
}
