import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import PrintCloudProtocol

/// Sits right behind NIO's HTTP/1 decoder, before Hummingbird's own handlers, and does what they cannot:
/// gives every request head a deadline, and answers a request the decoder rejects (431, 400) instead of
/// dropping it. It leaves the pipeline on a head asking for an upgrade, before a WebSocket takes the
/// connection over.
final class HTTPRequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// After an error answer, how long the client has to read it and hang up. Closing at once, with the
    /// rest of its request still unread, would make the kernel send a reset that can destroy the answer
    /// before the client reads it.
    static let lingerTimeout = TimeAmount.seconds(2)

    private let headerTimeout: TimeAmount
    private let logger: Logger
    private var headDeadline: Scheduled<Void>?
    private var lingerDeadline: Scheduled<Void>?
    /// Between requests: the next bytes to arrive start a head.
    private var awaitingHead = true
    /// The read that delivered a request's end must not start the next head's deadline: nothing of the
    /// next request may have arrived yet, and a keep-alive connection may stay quiet (up to the idle timeout).
    private var endReadInThisBurst = false
    /// Requests whose head was read and whose response has not ended.
    private var pendingResponses = 0
    private var responseHeadWritten = false
    private var headSeen = false
    private var answered = false

    init(headerTimeout: TimeAmount, logger: Logger) {
        self.headerTimeout = headerTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The first head's deadline runs from the connection's start: a client that connects and sends
        // nothing holds a socket as surely as one that sends half a head.
        if context.channel.isActive { startHeadDeadline(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelHeadDeadline()
        lingerDeadline?.cancel()
        lingerDeadline = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startHeadDeadline(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelHeadDeadline()
        if !headSeen {
            // The upgrade handler behind is still waiting for a first head. Told that input has ended, it
            // fails with `inputClosed`, which Hummingbird takes as the client's going; torn down without, it
            // fails with an error Hummingbird logs at error level, for every probe and every refused request.
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            cancelHeadDeadline()
            headSeen = true
            awaitingHead = false
            pendingResponses += 1
            if head.headers.contains(name: "upgrade") {
                // Forwarded first: the upgrade handler decides later, on another turn of the event loop, and
                // by then the WebSocket frames that would follow must not meet a handler typed for HTTP.
                context.fireChannelRead(data)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
        case .body:
            break
        case .end:
            awaitingHead = true
            endReadInThisBurst = true
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if awaitingHead, !endReadInThisBurst, headDeadline == nil, !answered {
            startHeadDeadline(context: context)
        }
        endReadInThisBurst = false
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !answered else {
            // The connection is already ending with this guard's answer; a late response would follow it.
            promise?.fail(ChannelError.outputClosed)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head:
            responseHeadWritten = true
        case .body:
            break
        case .end:
            responseHeadWritten = false
            pendingResponses -= 1
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if answered, case ByteToMessageDecoderError.dataReceivedInErrorState = error {
            // The rest of a rejected request, read and dropped while the client reads the answer.
            return
        }
        if let parserError = error as? HTTPParserError, parserError != .invalidEOFState, !answered {
            let apiError =
                parserError == .headerOverflow
                ? APIError(
                    .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                    "The request's header fields are too large")
                : APIError(.badRequest, "Malformed HTTP request: \(parserError)")
            logger.debug("refused a malformed request", metadata: ["error": "\(parserError)"])
            answer(apiError, context: context)
        }
        // Passed on even when answered: a route still reading the body must fail, not see it end early.
        context.fireErrorCaught(error)
    }

    private func startHeadDeadline(context: ChannelHandlerContext) {
        cancelHeadDeadline()
        headDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: headerTimeout) {
            self.headDeadline = nil
            guard self.awaitingHead, !self.answered else { return }
            self.logger.debug("closed a connection whose request head did not arrive in time")
            self.answer(APIError(.requestTimeout, "The request head did not arrive in time"), context: context)
        }
    }

    private func cancelHeadDeadline() {
        headDeadline?.cancel()
        headDeadline = nil
    }

    /// Sends `error` with `Connection: close` when no other response is owed first, then ends the connection:
    /// output at once, input once the client hangs up or after `lingerTimeout`.
    private func answer(_ error: APIError, context: ChannelHandlerContext) {
        answered = true
        cancelHeadDeadline()
        // An answer is only in place when no response has begun and none is owed to an earlier request:
        // otherwise it would be read as that request's response.
        let owed = awaitingHead ? pendingResponses : pendingResponses - 1
        if !responseHeadWritten, owed == 0 {
            let body = error.encodedBody
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            headers.add(name: "Content-Length", value: String(body.readableBytes))
            headers.add(name: "Connection", value: "close")
            let head = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: Int(error.status.code)), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(mode: .output, promise: nil)
        lingerDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerTimeout) {
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension HTTPRequestGuard: Sendable {}

extension APIError {
    /// The `{"code", "message"}` body, for answers written below the router.
    fileprivate var encodedBody: ByteBuffer {
        // Encoding two strings cannot fail; the fallback keeps that promise without a crash.
        let data = (try? JSONEncoder().encode(APIErrorBody(code: code, message: message))) ?? Data()
        return ByteBuffer(bytes: data)
    }
}
