/// Where the server listens, written as the `wyoming` package writes it (`wyoming/server.py` `AsyncServer.from_uri`):
/// `tcp://HOST:PORT`, `unix://PATH`, or `stdio://` (one session on standard input and output).
public enum WyomingURI: Sendable, Equatable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)
    case stdio

    /// Home Assistant's usual port for speech to text (wyoming-faster-whisper's default).
    public static let defaultPort = 10300
    public static let `default` = WyomingURI.tcp(host: "127.0.0.1", port: defaultPort)

    /// - Throws: `WyomingURIError` naming what is wrong and the accepted forms.
    public init(parsing text: String) throws {
        let forms = "use tcp://HOST:PORT, unix://PATH or stdio://"
        if text == "stdio://" { self = .stdio; return }
        if text.hasPrefix("unix://") {
            let path = String(text.dropFirst("unix://".count))
            guard !path.isEmpty else { throw WyomingURIError(message: "'\(text)' has no socket path; \(forms)") }
            self = .unix(path: path)
            return
        }
        guard text.hasPrefix("tcp://") else { throw WyomingURIError(message: "'\(text)' is not a Wyoming URI; \(forms)") }
        let rest = text.dropFirst("tcp://".count)
        // [v6 address]:port or host:port
        var host: Substring, portText: Substring
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            portText = rest[rest.index(after: close)...].drop { $0 == ":" }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            throw WyomingURIError(message: "'\(text)' has no port; \(forms) (Home Assistant's usual port is \(Self.defaultPort))")
        }
        guard !host.isEmpty else { throw WyomingURIError(message: "'\(text)' has no host; \(forms)") }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw WyomingURIError(message: "'\(text)': the port must be a number from 0 to 65535")
        }
        self = .tcp(host: String(host), port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        case .unix(let path): "unix://\(path)"
        case .stdio: "stdio://"
        }
    }
}

public struct WyomingURIError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
