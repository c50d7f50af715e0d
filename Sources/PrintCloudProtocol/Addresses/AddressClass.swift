/// What kind of destination an address is, after the IANA IPv4 and IPv6 special-purpose address
/// registries. The forms of IPv6 that carry an IPv4 address (mapped, compatible, NAT64 `64:ff9b::/96`,
/// 6to4 `2002::/16`) take the class of the IPv4 address they carry, because that is where they lead.
public enum AddressClass: String, Sendable, Hashable, CaseIterable {
    /// Routable on the internet.
    case `public`
    /// A LAN: 10/8, 172.16/12, 192.168/16 (RFC 1918) and unique local fc00::/7.
    case privateNetwork
    /// 127/8, ::1: this machine.
    case loopback
    /// 169.254/16 (where cloud metadata services listen) and fe80::/10.
    case linkLocal
    /// 0/8 and `::`: on Linux a connection to 0.0.0.0 reaches this machine.
    case unspecified
    /// 100.64/10, carrier-grade NAT: an ISP's inside, not the internet.
    case sharedAddressSpace
    /// 224/4 and ff00::/8.
    case multicast
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20: examples, never real hosts.
    case documentation
    /// 198.18/15, for lab networks (IPv6's 2001:2::/48 lies in 2001::/23, `reserved`).
    case benchmarking
    /// Everything else set aside: 192.0.0/24, 192.88.99/24 (the old 6to4 relay), 240/4 with
    /// 255.255.255.255, 2001::/23 with Teredo, local-use NAT64 64:ff9b:1::/48, and every IPv6 address
    /// outside global unicast 2000::/3 (site-local fec0::/10, discard-only 100::/64, SRv6 5f00::/16, …).
    case reserved
    /// An otherwise routable IPv6 address given with a zone id: a zone names one of this machine's
    /// interfaces, which a public destination never needs.
    case scoped

    public init(_ address: IPAddress) {
        let unscoped = address.isIPv4 ? Self.ofIPv4(address.bytes) : Self.ofIPv6(address.bytes)
        if address.zone != nil, unscoped == .public || unscoped == .privateNetwork {
            self = .scoped
        } else {
            self = unscoped
        }
    }

    private static func ofIPv4(_ bytes: [UInt8]) -> AddressClass {
        switch (bytes[0], bytes[1], bytes[2]) {
        case (0, _, _): .unspecified
        case (10, _, _), (172, 16...31, _), (192, 168, _): .privateNetwork
        case (100, 64...127, _): .sharedAddressSpace
        case (127, _, _): .loopback
        case (169, 254, _): .linkLocal
        case (192, 0, 0), (192, 88, 99): .reserved
        case (192, 0, 2), (198, 51, 100), (203, 0, 113): .documentation
        case (198, 18...19, _): .benchmarking
        case (224...239, _, _): .multicast
        case (240...255, _, _): .reserved
        default: .public
        }
    }

    private static func ofIPv6(_ bytes: [UInt8]) -> AddressClass {
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        let ipv4Tail = Array(bytes[12..<16])
        if groups[0..<6].allSatisfy({ $0 == 0 }) {
            return switch (groups[6], groups[7]) {
            case (0, 0): .unspecified
            case (0, 1): .loopback
            // ::/96, IPv4-compatible (deprecated); ::0.0.0.2 and the like land in 0/8, unspecified.
            default: ofIPv4(ipv4Tail)
            }
        }
        return switch groups[0] {
        case 0 where groups[1..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xffff: ofIPv4(ipv4Tail)
        case 0x64 where groups[1] == 0xff9b && groups[2..<6].allSatisfy({ $0 == 0 }): ofIPv4(ipv4Tail)
        case 0x64 where groups[1] == 0xff9b && groups[2] == 1: .reserved
        case 0x2002: ofIPv4(Array(bytes[2..<6]))
        case 0x2001 where groups[1] & 0xfe00 == 0: .reserved
        case 0x2001 where groups[1] == 0x0db8: .documentation
        case 0x3fff where groups[1] & 0xf000 == 0: .documentation
        case 0xfc00...0xfdff: .privateNetwork
        case 0xfe80...0xfebf: .linkLocal
        case 0xff00...0xffff: .multicast
        case 0x2000...0x3fff: .public
        default: .reserved
        }
    }
}
