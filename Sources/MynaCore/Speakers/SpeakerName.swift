/// Rules for speaker names: 1–100 characters, no control characters, no leading or trailing spaces, not starting
/// with "-" (it would read as an option), and not "unknown" (what `identify` prints when nobody matches).
/// Names are unique without regard to ASCII case.
public enum SpeakerName {
    public static let maximumLength = 100
    public static let reserved = "unknown"

    /// Throws `.invalidName` saying which rule `name` breaks.
    public static func validate(_ name: String, location: String) throws {
        func refuse(_ why: String) -> SpeakerRegistryError {
            SpeakerRegistryError(.invalidName, location: location, message: "invalid speaker name \"\(name)\": \(why)")
        }
        guard !name.isEmpty else { throw refuse("it is empty") }
        guard name.count <= maximumLength else { throw refuse("longer than \(maximumLength) characters") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw refuse("it contains control characters")
        }
        guard name.first?.isWhitespace == false, name.last?.isWhitespace == false else {
            throw refuse("it starts or ends with a space")
        }
        guard !name.hasPrefix("-") else { throw refuse("it starts with \"-\"") }
        guard name.lowercased() != reserved else { throw refuse("\"\(reserved)\" is what identify prints when nobody matches") }
    }
}
