/// Which addresses an outbound request made on someone else's behalf (a webhook delivery, a document
/// download) may connect to: public ones; private (LAN) ones when allowed; any other kind only inside a
/// network named in `allowedNetworks`, and unspecified or multicast addresses never.
public struct AddressPolicy: Hashable, Sendable {
    /// Lets private (LAN) addresses through: 10/8, 172.16/12, 192.168/16, fc00::/7.
    public var allowsPrivateNetworks: Bool
    /// Networks allowed whatever the kind of their addresses (a loopback or link-local service that is meant
    /// to be reached). An IPv4-mapped IPv6 address matches as its IPv4 address.
    public var allowedNetworks: [IPNetwork]

    public init(allowsPrivateNetworks: Bool = false, allowedNetworks: [IPNetwork] = []) {
        self.allowsPrivateNetworks = allowsPrivateNetworks
        self.allowedNetworks = allowedNetworks
    }

    public func allows(_ address: IPAddress) -> Bool {
        switch AddressClass(address) {
        case .public: true
        // 0.0.0.0 reaches this machine and multicast carries no TCP: no network entry makes them a destination.
        case .unspecified, .multicast: false
        case .privateNetwork where allowsPrivateNetworks: true
        default: allowedNetworks.contains { $0.contains(address) }
        }
    }
}

/// A connection or request refused because its address is not allowed. The message never names the
/// address or the port: a refusal must not tell a caller what is listening where.
public struct AddressNotAllowed: Error, Sendable, Equatable, CustomStringConvertible {
    public init() {}

    public var description: String { "address not allowed" }
}
