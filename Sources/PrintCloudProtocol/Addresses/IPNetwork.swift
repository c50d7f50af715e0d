/// A block of addresses in CIDR notation (`10.1.0.0/16`, `fd00::/8`; a bare address is a block of one),
/// written as a string in JSON.
public struct IPNetwork: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The first address of the block: bits past the prefix are cleared.
    public let address: IPAddress
    public let prefixLength: Int

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]), address.zone == nil else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let given = Int(parts[1]),
                (0...bits).contains(given)
            else { return nil }
            length = given
        }
        self.address = IPAddress(bytes: Self.masked(address.bytes, to: length))!
        prefixLength = length
    }

    /// Whether `address` is in the block; an IPv4-mapped IPv6 address counts as its IPv4 address.
    public func contains(_ address: IPAddress) -> Bool {
        let candidate = address.unmapped
        guard candidate.bytes.count == self.address.bytes.count else { return false }
        return Self.masked(candidate.bytes, to: prefixLength) == self.address.bytes
    }

    public var description: String { "\(address)/\(prefixLength)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let network = IPNetwork(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a network such as 10.1.0.0/16 or fd00::/8")
        }
        self = network
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func masked(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(8, max(0, length - index * 8))
            return kept == 8 ? byte : byte & ~(0xff >> kept)
        }
    }
}
