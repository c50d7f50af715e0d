import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of `/ws`: Hummingbird's basic WebSocket context, and the connection's channel, so that
/// a socket that never signs in can be ended without a task of its own waiting to cancel it.
struct SocketRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }
}
