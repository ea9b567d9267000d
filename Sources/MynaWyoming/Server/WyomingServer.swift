import Logging
import NIOCore
import NIOPosix

/// The Wyoming server: listens on a `WyomingURI` and serves each connection as its own session
/// (`WyomingConnection`), any number at once.
public struct WyomingServer: Sendable {
    public let services: WyomingServices

    public init(services: WyomingServices) {
        self.services = services
    }

    /// Listens on `uri` and serves until the task is cancelled (or, for `stdio://`, until standard input ends).
    /// - Parameter onListening: told the address actually bound (the port the system chose for port 0).
    public func run(on uri: WyomingURI, onListening: @Sendable (String) -> Void = { _ in }) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let services = services
        switch uri {
        case .stdio:
            let channel = try await NIOPipeBootstrap(group: group)
                .takingOwnershipOfDescriptors(input: 0, output: 1) { channel in
                    channel.eventLoop.makeCompletedFuture { try Self.wrap(channel, services: services) }
                }
            onListening(uri.description)
            await WyomingConnection.serve(channel, services: services, peer: "stdio")
        case .tcp(let host, let port):
            let server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try Self.wrap(channel, services: services) }
                }
            let bound = server.channel.localAddress.map { "tcp://\($0.ipAddress ?? host):\($0.port ?? port)" } ?? uri.description
            onListening(bound)
            try await accept(server)
        case .unix(let path):
            let server = try await ServerBootstrap(group: group)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                    channel.eventLoop.makeCompletedFuture { try Self.wrap(channel, services: services) }
                }
            onListening(uri.description)
            try await accept(server)
        }
    }

    private func accept(_ server: NIOAsyncChannel<NIOAsyncChannel<WyomingEvent, WyomingEvent>, Never>) async throws {
        let services = services
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    let address = connection.channel.remoteAddress
                    let peer = address.flatMap { address in address.ipAddress.map { "\($0):\(address.port ?? 0)" } } ?? "unix socket"
                    group.addTask(executorPreference: ConnectionExecutor.shared) {
                        await WyomingConnection.serve(connection, services: services, peer: peer)
                    }
                }
            }
        }
    }

    /// The pipeline of one connection: idle timeout, event framing both ways.
    private static func wrap(_ channel: any Channel, services: WyomingServices) throws -> NIOAsyncChannel<WyomingEvent, WyomingEvent> {
        let timeout = TimeAmount.seconds(services.options.idleTimeoutSeconds)
        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: timeout))
        try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser(logger: services.logger))
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WyomingEventDecoder(limits: services.options.limits)))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WyomingEventEncoder()))
        return try NIOAsyncChannel<WyomingEvent, WyomingEvent>(wrappingChannelSynchronously: channel)
    }
}
