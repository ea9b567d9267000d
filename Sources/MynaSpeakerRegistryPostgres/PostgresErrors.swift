import Foundation
import MynaCore
import PostgresNIO

/// postgres-nio's errors as `SpeakerRegistryError`s: one line naming the registry (its URL without the password),
/// what failed, and what to do. The server's own message is quoted where it helps; the query and its bound values
/// never are.
enum PostgresErrors {
    /// SQLSTATE codes the registry reacts to (PostgreSQL's errcodes.txt).
    enum SQLState {
        static let uniqueViolation = "23505"
        static let invalidPassword = "28P01"
        static let invalidAuthorization = "28000"
        static let unknownDatabase = "3D000"
        static let insufficientPrivilege = "42501"
        static let readOnlyTransaction = "25006"
        static let lockNotAvailable = "55P03"
        static let deadlockDetected = "40P01"
        static let serializationFailure = "40001"
        static let queryCanceled = "57014"
        static let diskFull = "53100"
    }

    /// The SQLSTATE of a server error, nil for any other failure.
    static func sqlState(_ error: Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The constraint a unique violation broke.
    static func constraint(_ error: Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.constraintName]
    }

    /// `error` as a `SpeakerRegistryError` when it is postgres-nio's; any other error is returned as it is.
    static func translate(_ error: Error, location: String, connecting: Bool = false) -> Error {
        if error is SpeakerRegistryError { return error }
        guard let error = error as? PSQLError else {
            // Not the database's: a caller's own error (a test's injected failure) passes through unchanged.
            guard connecting else { return error }
            return SpeakerRegistryError(.ioFailure, location: location, message: "cannot connect to the PostgreSQL server (\(error))")
        }
        let serverMessage = error.serverInfo?[.message] ?? ""
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            switch state {
            case SQLState.invalidPassword, SQLState.invalidAuthorization:
                return SpeakerRegistryError(.ioFailure, location: location, message: """
                    the server refused the login (\(serverMessage)); check the user and the password (in the URL or \
                    $PGPASSWORD) and the server's pg_hba.conf
                    """)
            case SQLState.unknownDatabase:
                return SpeakerRegistryError(.ioFailure, location: location, message: """
                    \(serverMessage); create it first (createdb), or name another database in the URL
                    """)
            case SQLState.insufficientPrivilege, SQLState.readOnlyTransaction:
                return SpeakerRegistryError(.readOnly, location: location, message: """
                    the registry cannot be changed with this login (\(serverMessage)); grant the user the rights, or \
                    use another user
                    """)
            case SQLState.lockNotAvailable, SQLState.deadlockDetected, SQLState.serializationFailure, SQLState.queryCanceled:
                return SpeakerRegistryError(.locked, location: location, message: """
                    another client kept the speaker registry busy (\(serverMessage)); nothing was changed: try again, \
                    or wait longer with --db-timeout
                    """)
            case SQLState.diskFull:
                return SpeakerRegistryError(.ioFailure, location: location, message: "the server's disk is full (\(serverMessage)); nothing was changed")
            default:
                return SpeakerRegistryError(.ioFailure, location: location, message: "PostgreSQL error \(state): \(serverMessage)")
            }
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            let cause = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return SpeakerRegistryError(.ioFailure, location: location, message: connecting ? """
                cannot connect to the PostgreSQL server (\(cause)); check that it runs and that the --registry URL \
                (or $MYNA_REGISTRY) names it
                """ : "the connection to the PostgreSQL server was lost (\(cause)); nothing was changed, try again")
        case .authMechanismRequiresPassword:
            return SpeakerRegistryError(.ioFailure, location: location, message: """
                the server asks for a password: put it in the URL (postgres://USER:PASSWORD@…) or in $PGPASSWORD
                """)
        case .sslUnsupported, .failedToAddSSLHandler, .unsupportedAuthMechanism, .saslError:
            return SpeakerRegistryError(.ioFailure, location: location, message: """
                cannot log in to the PostgreSQL server (\(error.code)); Myna logs in without TLS, with a password \
                (scram-sha-256, md5) or trust
                """)
        default:
            return SpeakerRegistryError(.ioFailure, location: location, message: "PostgreSQL: \(error.code)")
        }
    }
}
