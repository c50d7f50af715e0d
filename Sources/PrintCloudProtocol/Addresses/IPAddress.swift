/// An IPv4 or IPv6 address as its bytes (4 or 16, network order), with the zone id an IPv6 address may
/// carry (`fe80::1%eth0`). Policies look at these bytes, never at the text: one address has many spellings.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    /// The interface an IPv6 address is scoped to; `nil` when none was given.
    public let zone: String?

    public init?(bytes: [UInt8], zone: String? = nil) {
        guard bytes.count == 4 || (bytes.count == 16 && zone?.isEmpty != true) else { return nil }
        guard bytes.count == 16 || zone == nil else { return nil }
        self.bytes = bytes
        self.zone = zone
    }

    /// Parses a numeric address: dotted-quad IPv4 (four decimal parts, no leading zeros, so that no octal
    /// reading is possible), or IPv6 as RFC 4291 writes it, with an IPv4 tail and a `%zone` allowed.
    /// Anything else (`127.1`, `0x7f.0.0.1`, a name) is not an address here; it goes through the resolver.
    public init?(_ text: some StringProtocol) {
        let text = Substring(text)
        if let bytes = Self.parseIPv4(text) {
            self.init(bytes: bytes)
            return
        }
        var address = text
        var zone: String?
        if let percent = text.firstIndex(of: "%") {
            address = text[..<percent]
            zone = String(text[text.index(after: percent)...])
        }
        guard let bytes = Self.parseIPv6(address) else { return nil }
        self.init(bytes: bytes, zone: zone)
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) stands for; otherwise itself.
    /// Only the mapped form is the same host: the other forms that embed an IPv4 address reach it through
    /// a translator or a tunnel.
    public var unmapped: IPAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff
        else { return self }
        return IPAddress(bytes: Array(bytes[12..<16]))!
    }

    /// Dotted quad, or RFC 5952 IPv6 text (lowercase, the longest run of zero groups as `::`).
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var best = (start: 0, length: 0)
        var run = (start: 0, length: 0)
        for (index, group) in groups.enumerated() {
            if group == 0 {
                run = run.length == 0 ? (index, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (0, 0)
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        let text =
            best.length < 2
            ? hex.joined(separator: ":")
            : hex[..<best.start].joined(separator: ":") + "::"
                + hex[(best.start + best.length)...].joined(separator: ":")
        return zone.map { text + "%" + $0 } ?? text
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part.count == 1 || part.first != "0", let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        // An IPv4 tail may only end the address.
        guard let head = groups(halves[0], ipv4Tail: halves.count == 1) else { return nil }
        if halves.count == 1 {
            guard head.count == 8 else { return nil }
            return bytes(head)
        }
        guard let tail = groups(halves[1], ipv4Tail: true), head.count + tail.count <= 7 else { return nil }
        return bytes(head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail)
    }

    private static func groups(_ text: Substring, ipv4Tail: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if ipv4Tail, index == pieces.count - 1, piece.contains(".") {
                guard let quad = parseIPv4(piece) else { return nil }
                groups += [UInt16(quad[0]) << 8 | UInt16(quad[1]), UInt16(quad[2]) << 8 | UInt16(quad[3])]
            } else {
                guard (1...4).contains(piece.count), piece.allSatisfy({ $0.isASCII && $0.isHexDigit }),
                    let group = UInt16(piece, radix: 16)
                else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    private static func bytes(_ groups: [UInt16]) -> [UInt8] {
        groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }
}
