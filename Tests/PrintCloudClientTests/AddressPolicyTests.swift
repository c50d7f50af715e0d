import Foundation
import PrintCloudProtocol
import Testing

/// The shared classifier of parsed addresses and the policy over it, used by webhooks and downloads alike.
@Suite struct AddressPolicyTests {
    static let classes: [(String, AddressClass)] = [
        ("8.8.8.8", .public), ("1.1.1.1", .public), ("2606:4700::1111", .public),
        // Loopback, however spelled: zone id, IPv4-compatible, -mapped, NAT64, 6to4.
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback), ("::1", .loopback), ("::1%1", .loopback),
        ("::1%lo", .loopback), ("::127.0.0.1", .loopback), ("::7f00:1", .loopback), ("::ffff:127.0.0.1", .loopback),
        ("::ffff:7f00:1", .loopback), ("64:ff9b::7f00:1", .loopback), ("64:ff9b::127.0.0.1", .loopback),
        ("2002:7f00:1::", .loopback),
        // Private (LAN), plain and embedded.
        ("10.0.0.1", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("fc00::1", .privateNetwork), ("fd12:3456::1", .privateNetwork),
        ("::ffff:10.0.0.1", .privateNetwork), ("::10.0.0.1", .privateNetwork), ("64:ff9b::10.0.0.1", .privateNetwork),
        ("2002:a00:1::", .privateNetwork),
        // The metadata address, plain and embedded.
        ("169.254.169.254", .linkLocal), ("::ffff:169.254.169.254", .linkLocal), ("::169.254.169.254", .linkLocal),
        ("64:ff9b::a9fe:a9fe", .linkLocal), ("2002:a9fe:a9fe::", .linkLocal), ("fe80::1", .linkLocal),
        ("fe80::1%eth0", .linkLocal), ("febf::1", .linkLocal),
        // A public address embedded is public.
        ("::ffff:8.8.8.8", .public), ("::8.8.8.8", .public), ("64:ff9b::8.8.8.8", .public), ("2002:808:808::", .public),
        // A zone id on a routable address.
        ("2606:4700::1111%1", .scoped), ("fd00::1%eth0", .scoped),
        // The rest of the IPv4 special-purpose registry.
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("100.64.0.1", .sharedAddressSpace),
        ("100.127.255.255", .sharedAddressSpace), ("100.128.0.1", .public), ("172.32.0.1", .public),
        ("192.0.0.8", .reserved), ("192.0.2.1", .documentation), ("192.88.99.1", .reserved),
        ("198.18.0.1", .benchmarking),
        ("198.19.255.255", .benchmarking), ("198.20.0.1", .public), ("198.51.100.7", .documentation),
        ("203.0.113.9", .documentation), ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("240.0.0.1", .reserved), ("255.255.255.255", .reserved),
        // The rest of the IPv6 special-purpose registry.
        ("::", .unspecified), ("64:ff9b:1::a00:1", .reserved), ("100::1", .reserved), ("2001::1", .reserved),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .reserved), ("2001:1ff::1", .reserved), ("2001:200::1", .public),
        ("2001:db8::1", .documentation), ("3fff::1", .documentation), ("3fff:1000::1", .public), ("fec0::1", .reserved),
        ("5f00::1", .reserved), ("ff02::1", .multicast), ("ff05::1:3", .multicast), ("::ffff:0:7f00:1", .reserved),
    ]

    @Test(arguments: classes)
    func addressesAreClassifiedByTheirBytes(_ text: String, _ expected: AddressClass) throws {
        let address = try #require(IPAddress(text))
        #expect(AddressClass(address) == expected)
    }

    static let notAddresses = [
        "", "127.1", "0x7f.0.0.1", "010.0.0.1", "1.2.3.256", "1.2.3.4.5", "1.2.3.4%eth0", "1::2::3", "12345::",
        "::ffff:1.2.3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "fe80::1%", ":::1", "1.2.3.4::", "example.com",
    ]

    @Test(arguments: notAddresses)
    func onlyStrictNumericSpellingsParse(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func parsingKeepsTheZoneAndPrintsCanonicalText() throws {
        let zoned = try #require(IPAddress("::1%1"))
        #expect(zoned.zone == "1")
        #expect(zoned.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(zoned.description == "::1%1")
        #expect(try #require(IPAddress("2001:DB8:0:0:1:0:0:1")).description == "2001:db8::1:0:0:1")
        #expect(try #require(IPAddress("::ffff:127.0.0.1")).unmapped == IPAddress("127.0.0.1"))
    }

    @Test func theResolverReadsSpellingsAsAConnectionWould() {
        // Numeric forms only: the system resolver answers them without the network.
        #expect(HostResolver.addresses(of: "127.1") == [IPAddress("127.0.0.1")!])
        #expect(HostResolver.addresses(of: "2130706433") == [IPAddress("127.0.0.1")!])
        #expect(HostResolver.addresses(of: "[::ffff:7f00:1]") == [IPAddress("::ffff:127.0.0.1")!])
        let zoned = HostResolver.addresses(of: "[::1%251]")
        #expect(zoned.map(AddressClass.init) == [.loopback])
        #expect(zoned.first?.zone == "1")
    }

    @Test func theDefaultPolicyAllowsPublicAddressesOnly() throws {
        let policy = AddressPolicy()
        for text in ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::"] {
            #expect(policy.allows(try #require(IPAddress(text))), "\(text)")
        }
        for text in ["10.0.0.1", "fd00::1", "127.0.0.1", "::1%1", "169.254.169.254", "100.64.0.1", "224.0.0.1"] {
            #expect(!policy.allows(try #require(IPAddress(text))), "\(text)")
        }
    }

    @Test func privateNetworksAreAllowedOnlyWhenAskedAndNeverLoopbackOrLinkLocal() throws {
        let policy = AddressPolicy(allowsPrivateNetworks: true)
        for text in ["10.0.0.1", "172.16.5.4", "192.168.1.1", "fd00::1", "::ffff:192.168.1.1"] {
            #expect(policy.allows(try #require(IPAddress(text))), "\(text)")
        }
        for text in ["127.0.0.1", "::1", "169.254.169.254", "fe80::1", "100.64.0.1", "fd00::1%eth0"] {
            #expect(!policy.allows(try #require(IPAddress(text))), "\(text)")
        }
    }

    @Test func anAllowedNetworkLetsItsAddressesThroughButNeverUnspecifiedOrMulticast() throws {
        let policy = AddressPolicy(allowedNetworks: [
            try #require(IPNetwork("127.0.0.1/32")), IPNetwork("10.1.0.0/16")!,
        ])
        for text in ["127.0.0.1", "::ffff:127.0.0.1", "10.1.200.3"] {
            #expect(policy.allows(try #require(IPAddress(text))), "\(text)")
        }
        for text in ["127.0.0.2", "::1", "10.2.0.1", "64:ff9b::7f00:1"] {
            #expect(!policy.allows(try #require(IPAddress(text))), "\(text)")
        }
        let everything = AddressPolicy(allowedNetworks: [IPNetwork("0.0.0.0/0")!, IPNetwork("::/0")!])
        for text in ["0.0.0.0", "::", "224.0.0.1", "ff02::1"] {
            #expect(!everything.allows(try #require(IPAddress(text))), "\(text)")
        }
    }

    @Test func networksParseAsCIDRAndDecodeFromJSONStrings() throws {
        #expect(IPNetwork("10.1.2.3/16")?.description == "10.1.0.0/16")
        #expect(IPNetwork("fd00::1/8")?.description == "fd00::/8")
        #expect(IPNetwork("127.0.0.1")?.prefixLength == 32)
        for bad in ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "fe80::1%eth0/64", "example.com/8", "::/129"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
        let decoded = try JSONDecoder().decode([IPNetwork].self, from: Data(#"["10.1.0.0/16", "::1"]"#.utf8))
        #expect(decoded == [IPNetwork("10.1.0.0/16")!, IPNetwork("::1/128")!])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([IPNetwork].self, from: Data(#"["10.1"]"#.utf8))
        }
    }
}
