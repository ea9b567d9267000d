import Foundation
import GRDB
import MynaCore

/// The speaker registry: enrolled speakers, their enrolment utterances and profiles, in one SQLite database (GRDB).
///
/// - WAL journal mode through a `DatabasePool`: readers never block the writer nor each other, so several `myna`
///   processes can use one database at once; writers queue behind each other for up to `busyTimeout` seconds
///   (SQLite's busy handler) before `.locked` is thrown. Write transactions are `BEGIN IMMEDIATE`, so a writer
///   never fails half-way for want of the lock.
/// - Every change (an enrolment of several files, a rename, a removal, an import) is one transaction: all or nothing.
/// - The schema is versioned by `DatabaseMigrator` (`SpeakerRegistry+Schema.swift`); opening for writing applies
///   pending migrations, and a database from a newer Myna is refused rather than misread.
///
/// Thread-safety: `Sendable`; every method may be called from any thread (GRDB serialises writes).
public final class SpeakerRegistry: Sendable {
    public enum Access: Sendable {
        /// Create the file and its folder when missing, apply migrations, allow changes.
        case readWrite
        /// Only read: nothing is created or migrated.
        case readOnly
    }

    /// How long a writer waits for another process's transaction by default, in seconds.
    public static let defaultBusyTimeout: TimeInterval = 5

    /// The database file.
    public let path: String
    /// A `DatabasePool` (WAL); for a read-only file whose folder cannot be written, a read-only `DatabaseQueue`.
    let pool: any DatabaseWriter

    /// Opens (and with `.readWrite` creates and migrates) the database at `path`.
    /// - Throws: `SpeakerRegistryError` (`.corrupt`, `.newerSchema`, `.needsUpgrade`, `.locked`, `.readOnly`,
    ///   `.ioFailure`) naming the file.
    public init(path: String, access: Access = .readWrite, busyTimeout: TimeInterval = defaultBusyTimeout) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw SpeakerRegistryError(.ioFailure, location: path, message: "is a folder, not a speaker database file")
        }
        if access == .readOnly && !exists {
            throw SpeakerRegistryError(.ioFailure, location: path, message: "no such speaker database")
        }
        if access == .readWrite {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw SpeakerRegistryError(.readOnly, location: path, message: """
                    cannot create the folder \(folder.path) for the speaker database (\(error.localizedDescription))
                    """)
            }
        }
        var configuration = Configuration()
        configuration.readonly = access == .readOnly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "MynaSpeakerRegistry"
        do {
            let openingLock = access == .readWrite ? try OpeningLock.acquire(path: path, timeout: busyTimeout) : nil
            let writer = try Self.translatingErrors(path) { try DatabasePool(path: path, configuration: configuration) }
            try Self.translatingErrors(path) { try Self.prepareSchema(writer, path: path, access: access) }
            withExtendedLifetime(openingLock) {}
            pool = writer
        } catch let error as SpeakerRegistryError where access == .readOnly && [.readOnly, .ioFailure].contains(error.code) {
            // Reading a WAL database needs its -shm file, which SQLite cannot create when the folder is not
            // writable. If no write is pending in a -wal file, the database file alone is complete: read it as
            // immutable (SQLite's `immutable=1` URI parameter), which needs no -shm.
            guard Self.hasNoPendingWAL(path) else { throw error }
            let uri = "file:\(path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)?immutable=1"
            let reader = try Self.translatingErrors(path) { try DatabaseQueue(path: uri, configuration: configuration) }
            try Self.translatingErrors(path) { try Self.prepareSchema(reader, path: path, access: access) }
            pool = reader
        }
    }

    /// True when `path` has no `-wal` file, or an empty one.
    static func hasNoPendingWAL(_ path: String) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        return ((attributes?[.size] as? NSNumber)?.intValue ?? 0) == 0
    }

    /// The registry at `path` opened read-only, or nil when there is no file yet (nothing enrolled).
    public static func openIfExists(path: String, busyTimeout: TimeInterval = defaultBusyTimeout) throws -> SpeakerRegistry? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try SpeakerRegistry(path: path, access: .readOnly, busyTimeout: busyTimeout)
    }

    private static func prepareSchema(_ pool: some DatabaseWriter, path: String, access: Access) throws {
        let migrator = Self.migrator
        let state = try pool.read { db -> (known: Bool, superseded: Bool, complete: Bool, tables: [String]) in
            let known = try db.tableExists("grdb_migrations")
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
            guard known else { return (false, false, false, tables) }
            return (true, try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db), tables)
        }
        if !state.known && !state.tables.isEmpty {
            throw SpeakerRegistryError(.corrupt, location: path, message: """
                is a SQLite database of another program (tables: \(state.tables.prefix(5).joined(separator: ", "))), \
                not a Myna speaker database; choose another file with --db
                """)
        }
        if state.superseded {
            throw SpeakerRegistryError(.newerSchema, location: path, message: """
                was written by a newer Myna (its schema has migrations this version does not know); upgrade Myna
                """)
        }
        switch access {
        case .readWrite:
            // Read-write openers hold the OpeningLock here, so no other process migrates at the same time.
            if !state.complete { try migrator.migrate(pool) }
        case .readOnly:
            if state.known && !state.complete {
                throw SpeakerRegistryError(.needsUpgrade, location: path, message: """
                    has an older schema that must be upgraded first; run a command that changes it (for example \
                    'myna enroll') with write access to the file
                    """)
            }
        }
    }

    /// True when the schema has no tables yet (a read-only view of an empty file).
    func isEmptySchema(_ db: Database) throws -> Bool { try !db.tableExists("speaker") }

    /// Runs `body`, turning GRDB's `DatabaseError` into a `SpeakerRegistryError` naming `path`.
    static func translatingErrors<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw translate(error, path: path)
        }
    }

    func translatingErrors<T>(_ body: () throws -> T) throws -> T { try Self.translatingErrors(path, body) }

    static func translate(_ error: DatabaseError, path: String) -> SpeakerRegistryError {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return SpeakerRegistryError(.locked, location: path, message: """
                the speaker database is locked by another process (\(detail)); try again when it has finished, or \
                wait longer with --db-timeout
                """)
        case .SQLITE_READONLY, .SQLITE_PERM:
            return SpeakerRegistryError(.readOnly, location: path, message: """
                the speaker database cannot be written (\(detail)); check the permissions of the file and its folder, \
                or choose another with --db
                """)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return SpeakerRegistryError(.corrupt, location: path, message: """
                not a usable speaker database (\(detail)); restore it from a 'myna speakers export' file, or choose \
                another with --db
                """)
        case .SQLITE_CANTOPEN:
            return SpeakerRegistryError(.ioFailure, location: path, message: """
                cannot open the speaker database (\(detail)); check that its folder exists and can be written
                """)
        case .SQLITE_FULL:
            return SpeakerRegistryError(.ioFailure, location: path, message: "the disk is full (\(detail)); nothing was changed")
        default:
            return SpeakerRegistryError(.ioFailure, location: path, message: "database error: \(detail)")
        }
    }
}
