import Foundation
import NIOCore
import NIOPosix
import PrintCloudProtocol

/// Keeps webhooks off addresses a server should never be made to call (SSRF): anything but public
/// addresses, by `AddressPolicy`'s classes. The host is checked when a webhook is created or changed, and
/// the address actually connected to is checked on every new connection, so a name that resolves to
/// something else by then (DNS rebinding) gains nothing. `--allow-private-webhooks` lifts it all, for
/// tests and for receivers on a LAN.
public struct WebhookAddressPolicy: Sendable {
    public var allowPrivate: Bool

    public init(allowPrivate: Bool) {
        self.allowPrivate = allowPrivate
    }

    /// Whether a webhook may connect to `address`.
    func allows(_ address: IPAddress) -> Bool {
        allowPrivate || AddressPolicy().allows(address)
    }

    /// Throws `AddressNotAllowed` when `url`'s host resolves to a refused address. With `mustResolve`, also
    /// throws when it does not resolve (at delivery); a webhook may be created for a name that does not
    /// resolve yet.
    func check(_ url: URL, mustResolve: Bool = false) async throws {
        guard !allowPrivate else { return }
        guard let host = url.host, !host.isEmpty else { throw ServiceError.invalid("url", "must have a host") }
        let addresses = try await NIOThreadPool.singleton.runIfActive { HostResolver.addresses(of: host) }
        if addresses.isEmpty {
            if mustResolve { throw ServiceError.invalid("url", "host \(host) does not resolve") }
            return
        }
        guard addresses.allSatisfy(allows) else { throw AddressNotAllowed() }
    }

    /// For `HTTPClient.Configuration`'s connection initializers, which run on each new connection before
    /// any request is written on it: fails (and closes) a connection whose peer is refused.
    @Sendable func checkConnection(_ channel: any Channel) -> EventLoopFuture<Void> {
        guard let peer = channel.remoteAddress,
            let address = peer.withSockAddr({ pointer, _ in HostResolver.address(of: pointer) }),
            allows(address)
        else {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(AddressNotAllowed())
        }
        return channel.eventLoop.makeSucceededVoidFuture()
    }
}
