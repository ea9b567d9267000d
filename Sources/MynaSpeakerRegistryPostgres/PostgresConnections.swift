import Foundation
import Logging
import MynaCore
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The registry's connections to one server, used synchronously: a caller takes an idle connection (or opens one),
/// runs its statements one after another, each waiting for the server's answer, and gives it back.
///
/// Why synchronous and not `async`: `SpeakerStore` is synchronous (the CLI and the SQLite registry call it from plain
/// threads). The statements run on SwiftNIO's event-loop threads (`MultiThreadedEventLoopGroup.singleton`) and the
/// caller waits on the `EventLoopFuture`, so no task of Swift's cooperative pool is involved: even a caller that
/// blocked a pool thread could not deadlock it, since nothing it waits for needs that pool. Callers must still not be
/// on the pool (it would starve other tasks while the server answers): the CLI calls from the main thread, the
/// server through `MynaRuntime.offThePool`. `wait()` traps on an event-loop thread, so calling from one is a bug.
///
/// Thread-safety: `Sendable`; each connection is used by one caller at a time.
final class PostgresConnections: Sendable {
    let url: PostgresRegistryURL
    /// Seconds to wait to connect, and for a lock another transaction holds (`lock_timeout`).
    let timeout: TimeInterval
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    /// Idle connections kept for reuse; more are closed when given back.
    static let maxIdle = 4
    /// postgres-nio's own logs are dropped: errors reach the user translated (`PostgresErrors`), and nothing it
    /// would log is wanted on a server's stderr.
    static let logger = Logger(label: "myna.speakers.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(url: PostgresRegistryURL, timeout: TimeInterval) {
        self.url = url
        self.timeout = timeout
    }

    deinit {
        for connection in idle.withLock({ $0 }) { Self.close(connection) }
    }

    var location: String { url.description }

    /// Runs `body` on a connection of its own. A connection that failed is closed rather than given back. Errors
    /// are `SpeakerRegistryError`s (a row that does not decode is `.corrupt`).
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? open()
        do {
            let value = try body(connection)
            giveBack(connection)
            return value
        } catch {
            if connection.isClosed { Self.close(connection) } else { giveBack(connection) }
            if let error = error as? PostgresDecodingError {
                throw SpeakerRegistryError(.corrupt, location: location, message: """
                    column \(error.columnName) holds \(error.postgresType) where this Myna wrote \(error.targetType) \
                    (\(error.code)): not a usable Myna speaker registry
                    """)
            }
            throw PostgresErrors.translate(error, location: location)
        }
    }

    /// `body` between BEGIN and COMMIT on one connection; on any error ROLLBACK, then the error is rethrown.
    func inTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try execute("BEGIN", on: connection)
            do {
                let value = try body(connection)
                try execute("COMMIT", on: connection)
                return value
            } catch {
                if !connection.isClosed { _ = try? execute("ROLLBACK", on: connection) }
                throw error
            }
        }
    }

    /// The rows of `query`, waiting for all of them. - Throws: `SpeakerRegistryError` (`PostgresErrors`).
    func rows(_ query: PostgresQuery, on connection: PostgresConnection) throws -> [PostgresRow] {
        do {
            return try connection.query(query, logger: Self.logger).wait().rows
        } catch {
            throw PostgresErrors.translate(error, location: location)
        }
    }

    /// Runs `query` and decodes each row as it arrives (on the connection's event-loop thread), so a large answer
    /// (every speaker's profile, for an identify index) is never held twice, as raw rows and as values.
    func decodedRows<Value: Sendable>(_ query: PostgresQuery, on connection: PostgresConnection,
                                      _ decode: @escaping @Sendable (PostgresRow) throws -> Value) throws -> [Value] {
        let collected = RowCollector<Value>()
        do {
            _ = try connection.query(query, logger: Self.logger) { row in collected.values.append(try decode(row)) }.wait()
        } catch {
            throw PostgresErrors.translate(error, location: location)
        }
        return collected.values
    }

    func execute(_ query: PostgresQuery, on connection: PostgresConnection) throws {
        _ = try rows(query, on: connection)
    }

    private func open() throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        switch url.endpoint {
        case let .tcp(host, port):
            configuration = .init(host: host, port: port, username: url.user, password: url.password,
                                  database: url.database, tls: .disable)
        case let .unixSocket(folder, port):
            configuration = .init(unixSocketPath: "\(folder)/.s.PGSQL.\(port)", username: url.user,
                                  password: url.password, database: url.database)
        }
        configuration.options.connectTimeout = .milliseconds(Int64(max(timeout, 0.1) * 1000))
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                        configuration: configuration,
                                                        id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue,
                                                        logger: Self.logger).wait()
        } catch {
            throw PostgresErrors.translate(error, location: location, connecting: true)
        }
        do {
            // A transaction that waits longer than --db-timeout for a lock fails as `.locked`, as SQLite's busy
            // timeout does. (SET takes no bind parameters; the number is ours.)
            // lock_timeout 0 would mean no limit, so at least 1 ms.
            let milliseconds = max(1, Int((timeout * 1000).rounded()))
            try execute(PostgresQuery(unsafeSQL: "SET lock_timeout = \(milliseconds)"), on: connection)
        } catch {
            Self.close(connection)
            throw error
        }
        return connection
    }

    /// Closes without waiting. The callback holds the connection until it is closed: postgres-nio asserts that a
    /// connection is closed before it is freed.
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    private func giveBack(_ connection: PostgresConnection) {
        let kept = idle.withLock { connections in
            guard connections.count < Self.maxIdle else { return false }
            connections.append(connection)
            return true
        }
        if !kept { Self.close(connection) }
    }
}

/// The values `decodedRows` collects: appended on one event-loop thread, one row after another, and read by the
/// caller only after the query's future completed (which orders the appends before the read).
private final class RowCollector<Value>: @unchecked Sendable {
    var values: [Value] = []
}
