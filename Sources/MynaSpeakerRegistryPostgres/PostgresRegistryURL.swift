import Foundation
import MynaCore

/// Where a PostgreSQL speaker registry is: a `postgres://` (or `postgresql://`) URL as libpq spells it, in one of two
/// forms:
///
///     postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE             TCP (port 5432 by default)
///     postgres://USER@/DATABASE?host=/run/postgresql[&port=5432]   a unix socket: the folder holding .s.PGSQL.PORT
///
/// User, password and database are percent-decoded. Without a password in the URL, `$PGPASSWORD` is used (as libpq
/// does), so the password need not appear on a command line. `description` never shows the password.
public struct PostgresRegistryURL: Sendable, Hashable, CustomStringConvertible {
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        /// The server's socket is `folder/.s.PGSQL.port`.
        case unixSocket(folder: String, port: Int)
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String

    public static let defaultPort = 5432

    /// True for a string that names a PostgreSQL registry rather than a SQLite file.
    public static func isPostgresURL(_ string: String) -> Bool {
        string.hasPrefix("postgres://") || string.hasPrefix("postgresql://")
    }

    /// Parses `string`; `environment` supplies `$PGPASSWORD` when the URL has no password.
    /// - Throws: `ConfigurationError` on `field` naming what is wrong, never echoing the password.
    public init(_ string: String, field: String = "--registry",
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func refuse(_ why: String) -> ConfigurationError {
            ConfigurationError(field: field, message: """
                \(why); write postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, or \
                postgres://USER@/DATABASE?host=/socket/folder for a unix socket
                """)
        }
        guard Self.isPostgresURL(string) else { throw refuse("not a postgres:// URL") }
        guard let components = URLComponents(string: string) else { throw refuse("not a well-formed URL") }
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard ["host", "port"].contains(item.name) else {
                throw refuse("unknown parameter '\(item.name)' (only host and port are understood)")
            }
            parameters[item.name] = item.value ?? ""
        }
        let portText = parameters["port"] ?? components.port.map(String.init)
        var port = Self.defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw refuse("the port must be 1 to 65535") }
            port = value
        }
        var host = components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }  // [::1]
        switch (host.isEmpty, parameters["host"]) {
        case (true, let folder?) where folder.hasPrefix("/"):
            endpoint = .unixSocket(folder: folder, port: port)
        case (false, nil):
            endpoint = .tcp(host: host, port: port)
        case (true, nil):
            throw refuse("no host")
        default:
            throw refuse("give either a host after '@' or ?host=/socket/folder (an absolute path), not both")
        }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw refuse("no user (postgres://USER@…)")
        }
        self.user = user
        password = components.percentEncodedPassword?.removingPercentEncoding ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let path = components.percentEncodedPath.removingPercentEncoding ?? ""
        database = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard !database.isEmpty, !database.contains("/") else { throw refuse("no database name (…/DATABASE)") }
    }

    /// The URL with the password hidden, as errors and logs name the registry.
    public var description: String {
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        let credentials = password == nil ? user : "\(user):***"
        let database = self.database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? self.database
        switch endpoint {
        case let .tcp(host, port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(credentials)@\(shownHost):\(port)/\(database)"
        case let .unixSocket(folder, port):
            return "postgres://\(credentials)@/\(database)?host=\(folder)\(port == Self.defaultPort ? "" : "&port=\(port)")"
        }
    }
}
