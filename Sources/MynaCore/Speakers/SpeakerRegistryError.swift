/// A speaker-registry operation that cannot be done: an unknown or taken name, a duplicate enrolment, an encoder
/// mismatch, or a database that is locked, read-only, corrupt or from a newer Myna.
///
/// `description` is one line: the location (the database file, or the name or file concerned), then what is wrong and
/// what to do, for example `speakers.sqlite: no speaker named "bob" (enrolled: alice, carol)`.
public typealias SpeakerRegistryError = LocatedError<SpeakerRegistryErrorCode>

/// What kind of failure this is; new codes may be added (compare with `==`, do not switch exhaustively).
public struct SpeakerRegistryErrorCode: Hashable, Sendable, CustomStringConvertible {
    fileprivate enum Value: String {
        case unknownSpeaker, speakerExists, duplicateUtterance, encoderMismatch, invalidName, locked, readOnly,
             corrupt, newerSchema, needsUpgrade, invalidArchive, ioFailure
    }
    fileprivate let value: Value
    /// No speaker has that name.
    public static let unknownSpeaker = Self(value: .unknownSpeaker)
    /// The name is already taken (rename, import).
    public static let speakerExists = Self(value: .speakerExists)
    /// The same audio (by SHA-256 of the file) is already enrolled, or given twice.
    public static let duplicateUtterance = Self(value: .duplicateUtterance)
    /// The speaker was enrolled with another encoder checkpoint; embeddings of two encoders cannot be compared.
    public static let encoderMismatch = Self(value: .encoderMismatch)
    /// A speaker name that is empty, too long, has control characters, or is reserved.
    public static let invalidName = Self(value: .invalidName)
    /// Another process held the database for longer than the busy timeout.
    public static let locked = Self(value: .locked)
    /// The database (or its folder) cannot be written.
    public static let readOnly = Self(value: .readOnly)
    /// The file is not a SQLite database, or is damaged, or is some other program's database.
    public static let corrupt = Self(value: .corrupt)
    /// The database was written by a newer Myna with a schema this one does not know.
    public static let newerSchema = Self(value: .newerSchema)
    /// The database has an older schema and was opened read-only, so it cannot be upgraded.
    public static let needsUpgrade = Self(value: .needsUpgrade)
    /// An export file that is not a Myna speaker export, or holds invalid embeddings.
    public static let invalidArchive = Self(value: .invalidArchive)
    /// Any other failure to open, read or write the database (disk full, permissions, I/O).
    public static let ioFailure = Self(value: .ioFailure)
    public var description: String { value.rawValue }
}

extension SpeakerRegistryError {
    /// `.unknownSpeaker` for `name`, listing up to ten of the `enrolled` names (or saying nobody is enrolled), so every
    /// store words it the same way.
    public static func unknownSpeaker(_ name: String, enrolled: [String], location: String) -> SpeakerRegistryError {
        let known = enrolled.isEmpty ? "nobody is enrolled yet; enrol with 'myna enroll NAME FILE…'"
            : "enrolled: \(enrolled.prefix(10).joined(separator: ", "))\(enrolled.count > 10 ? ", …" : "")"
        return SpeakerRegistryError(.unknownSpeaker, location: location, message: "no speaker named \"\(name)\" (\(known))")
    }

    /// True for the database-level failures (locked, read-only, corrupt, schema, I/O), as opposed to conflicts
    /// about speakers and utterances.
    public var isDatabaseFailure: Bool {
        [.locked, .readOnly, .corrupt, .newerSchema, .needsUpgrade, .ioFailure].contains(code)
    }
}
