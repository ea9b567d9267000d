import Logging
import NIOCore

/// Bytes → events on a channel, through `WyomingFrameParser`. A protocol error is passed down the pipeline
/// (`errorCaught`), where the connection answers it with an `error` event and closes.
struct WyomingEventDecoder: ByteToMessageDecoder {
    typealias InboundOut = WyomingEvent

    var parser: WyomingFrameParser

    init(limits: WyomingFrameLimits) { parser = WyomingFrameParser(limits: limits) }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = try parser.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(event))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        try parser.checkEnd(remaining: buffer)
        return .needMoreData
    }
}

/// Events → bytes, through `WyomingFrameWriter`.
struct WyomingEventEncoder: MessageToByteEncoder {
    typealias OutboundIn = WyomingEvent

    func encode(data: WyomingEvent, out: inout ByteBuffer) throws {
        WyomingFrameWriter.write(data, into: &out)
    }
}

/// Closes a connection on which nothing was read or written for the idle timeout (`IdleStateHandler`'s `all`).
final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            logger.info("closing an idle connection", metadata: ["peer": "\(context.remoteAddress?.description ?? "local")"])
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
