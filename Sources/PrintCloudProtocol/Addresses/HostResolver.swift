import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Looks a URL's host up the way a connection will: through the system resolver (`getaddrinfo`), so
/// spellings only it understands (`127.1`, `0x7f000001`) come back as the addresses they are.
public enum HostResolver {
    /// The addresses `host` resolves to; empty when it does not resolve. Accepts a URL's host as written:
    /// `[::1]`, and a zone escaped as in a URL (`[fe80::1%25eth0]`). Blocking: call it off the
    /// cooperative thread pool.
    public static func addresses(of host: String) -> [IPAddress] {
        var name = Substring(host)
        if name.hasPrefix("["), name.hasSuffix("]") { name = name.dropFirst().dropLast() }
        let lookup = name.replacingOccurrences(of: "%25", with: "%")
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard !lookup.isEmpty, getaddrinfo(lookup, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var node = list
        while let info = node?.pointee {
            if let pointer = info.ai_addr, let address = address(of: pointer), !addresses.contains(address) {
                addresses.append(address)
            }
            node = info.ai_next
        }
        return addresses
    }

    /// The address a `sockaddr_in` or `sockaddr_in6` holds, its scope id as the zone.
    public static func address(of socketAddress: UnsafePointer<sockaddr>) -> IPAddress? {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                let scope = pointer.pointee.sin6_scope_id
                return withUnsafeBytes(of: pointer.pointee.sin6_addr) {
                    IPAddress(bytes: Array($0), zone: scope == 0 ? nil : String(scope))
                }
            }
        default:
            return nil
        }
    }
}
