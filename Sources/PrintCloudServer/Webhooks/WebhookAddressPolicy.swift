import Foundation
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps webhooks off addresses a server should never be made to call (SSRF): loopback, private,
/// link-local (the cloud metadata service lives there), unspecified and carrier-grade NAT ranges.
/// `--allow-private-webhooks` lifts it for tests and for receivers on a LAN.
public struct WebhookAddressPolicy: Sendable {
    public var allowPrivate: Bool

    public init(allowPrivate: Bool) {
        self.allowPrivate = allowPrivate
    }

    /// Throws when `url`'s host resolves to a refused address. With `mustResolve`, also when it does not
    /// resolve (at delivery); a webhook may be created for a name that does not resolve yet.
    func check(_ url: URL, mustResolve: Bool = false) async throws {
        guard !allowPrivate else { return }
        guard let host = url.host, !host.isEmpty else { throw ServiceError.invalid("url", "must have a host") }
        let addresses = try await NIOThreadPool.singleton.runIfActive { Self.resolve(host) }
        if addresses.isEmpty && mustResolve {
            throw ServiceError.invalid("url", "host \(host) does not resolve")
        }
        if let refused = addresses.first(where: Self.isRefused) {
            throw ServiceError.invalid(
                "url",
                "\(host) resolves to \(refused), a loopback, private or link-local address; start the server with --allow-private-webhooks to allow it"
            )
        }
    }

    /// The IPv4 and IPv6 addresses `host` resolves to, as text.
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), nil, &hints, &list) == 0
        else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var node = list
        while let info = node?.pointee {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.ai_addr, info.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
            {
                addresses.append(
                    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            node = info.ai_next
        }
        return addresses
    }

    /// Whether a numeric address is one a webhook may not reach.
    static func isRefused(_ address: String) -> Bool {
        if address.contains(":") {
            let lowered = address.lowercased()
            if let mapped = lowered.split(separator: ":").last, lowered.hasPrefix("::ffff:"), mapped.contains(".") {
                return isRefused(String(mapped))
            }
            return lowered == "::1" || lowered == "::" || lowered.hasPrefix("fe8") || lowered.hasPrefix("fe9")
                || lowered.hasPrefix("fea") || lowered.hasPrefix("feb") || lowered.hasPrefix("fc")
                || lowered.hasPrefix("fd")
        }
        let octets = address.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return true }
        switch (octets[0], octets[1]) {
        case (0, _), (10, _), (127, _): return true
        case (169, 254): return true
        case (172, 16...31): return true
        case (192, 168): return true
        case (100, 64...127): return true
        default: return false
        }
    }
}
