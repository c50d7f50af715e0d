import NIOCore
import PrintCloudProtocol

extension AddressPolicy {
    /// For `HTTPClient.Configuration`'s connection initializers, which run on each new connection before any
    /// request is written on it: fails (and closes) a connection whose peer the policy refuses. This is the
    /// address actually connected to, so a name that resolved otherwise when it was checked gains nothing.
    @Sendable func checkConnection(_ channel: any Channel) -> EventLoopFuture<Void> {
        guard let peer = channel.remoteAddress,
            let address = peer.withSockAddr({ pointer, _ in HostResolver.address(of: pointer) }), allows(address)
        else {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(AddressNotAllowed())
        }
        return channel.eventLoop.makeSucceededVoidFuture()
    }
}
