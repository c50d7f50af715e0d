import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import PrintCloudProtocol

/// Many desktop clients that sign in, report one printer and then only answer pings (group 5).
///
/// Built on NIO's WebSocket upgrader rather than the WebSocket client the other groups use because each
/// connection must bind its own loopback source address: one address has about 28,000 ephemeral ports.
/// A channel handler per connection, no task, keeps the load generator's own cost per connection small.
struct IdleClients {
    let host: String
    let port: Int
    let key: String
    /// Loopback addresses the connections come from, in turn.
    let sources: [String]

    /// Signs in clients `range` (named `idle-N`), at most `inFlight` at once; returns their channels.
    func connect(_ range: Range<Int>, inFlight: Int = 128) async throws -> [any Channel] {
        try await withThrowingTaskGroup(of: (any Channel).self) { group in
            var channels: [any Channel] = []
            channels.reserveCapacity(range.count)
            var next = range.lowerBound
            while next < range.upperBound || !group.isEmpty {
                while next < range.upperBound, channels.count + inFlight > next - range.lowerBound {
                    let index = next
                    group.addTask { try await connect(index) }
                    next += 1
                }
                if let channel = try await group.next() { channels.append(channel) }
            }
            return channels
        }
    }

    /// One client: upgrade, `auth`, `printers`; returns once the server answered `printers_ok`.
    private func connect(_ index: Int) async throws -> any Channel {
        let signIn = try [
            ClientMessage.auth(.init(apiKey: key, computerName: "idle-\(index)", os: "Bench", clientVersion: "bench")),
            ClientMessage.printers([PrinterReport(name: "Idle Printer")]),
        ].map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let head = HTTPRequestHead(
            version: .http1_1, method: .GET, uri: "/ws", headers: ["Host": "\(host):\(port)"])
        let source = try SocketAddress(ipAddress: sources[index % sources.count], port: 0)
        let upgraded = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: source)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgraded?>(
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                let handler = IdleClientHandler(signIn: signIn, ready: channel.eventLoop.makePromise())
                                try channel.pipeline.syncOperations.addHandler(handler)
                                return Upgraded(channel: channel, signedIn: handler.ready.futureResult)
                            }
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(
                            upgradeConfiguration: .init(
                                upgradeRequestHead: head, upgraders: [upgrader],
                                notUpgradingCompletionHandler: { $0.eventLoop.makeSucceededFuture(nil) })))
                }
            }
        guard let upgraded = try await upgraded.get() else { throw BenchError("the server refused the WebSocket") }
        // Only now is the HTTP codec gone from the pipeline, so frames can be written.
        upgraded.channel.pipeline.fireUserInboundEventTriggered(IdleClientHandler.Upgraded())
        try await upgraded.signedIn.get()
        return upgraded.channel
    }

    private struct Upgraded: Sendable {
        let channel: any Channel
        let signedIn: EventLoopFuture<Void>
    }
}

/// Sends the sign-in messages one answer at a time, then answers pings until the server closes.
final class IdleClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var pending: [String]
    private var signedIn = false
    let ready: EventLoopPromise<Void>

    init(signIn: [String], ready: EventLoopPromise<Void>) {
        pending = signIn
        self.ready = ready
    }

    struct Upgraded {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is Upgraded { sendNext(context: context) } else { context.fireUserInboundEventTriggered(event) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .ping:
            write(.pong, frame.unmaskedData, context: context)
        case .text:
            let text = String(buffer: frame.unmaskedData)
            if text.contains("\"auth_error\"") {
                finish(.failure(BenchError("an idle client was refused: \(text)")))
            } else if pending.isEmpty {
                finish(.success(()))
            } else {
                sendNext(context: context)
            }
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(BenchError("an idle client's connection closed")))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<Void, any Error>) {
        guard !signedIn else { return }
        signedIn = true
        ready.completeWith(result)
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard !pending.isEmpty else { return }
        write(.text, ByteBuffer(string: pending.removeFirst()), context: context)
    }

    private func write(_ opcode: WebSocketOpcode, _ data: ByteBuffer, context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}
