import Foundation
import Testing

@testable import PrintCloudClient

/// Which proxy a URL goes through, read from the environment as curl reads it; on parsed values only.
@Suite struct ProxyTests {
    func proxy(_ url: String, _ environment: [String: String]) -> Proxy? {
        Proxy.for(URL(string: url)!, environment: environment)
    }

    @Test func httpsAndWSSGoThroughHTTPSProxyAndHTTPAndWSThroughHTTPProxy() {
        let environment = ["HTTPS_PROXY": "http://secure.proxy:3128", "http_proxy": "http://plain.proxy:8000"]
        #expect(proxy("https://print.example.com/ws", environment) == Proxy(host: "secure.proxy", port: 3128))
        #expect(proxy("wss://print.example.com/ws", environment) == Proxy(host: "secure.proxy", port: 3128))
        #expect(proxy("http://print.example.com/doc.pdf", environment) == Proxy(host: "plain.proxy", port: 8000))
        #expect(proxy("ws://print.example.com/ws", environment) == Proxy(host: "plain.proxy", port: 8000))
    }

    @Test func theLowerCaseNameWinsAndAllProxyIsTheFallback() {
        #expect(
            proxy("https://a.example", ["https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"])
                == Proxy(host: "lower", port: 1))
        #expect(proxy("http://a.example", ["HTTP_PROXY": "http://upper:2"]) == Proxy(host: "upper", port: 2))
        #expect(proxy("https://a.example", ["ALL_PROXY": "http://every:3"]) == Proxy(host: "every", port: 3))
        #expect(proxy("https://a.example", ["http_proxy": "http://plain:4"]) == nil)
        #expect(proxy("https://a.example", [:]) == nil)
        #expect(proxy("https://a.example", ["https_proxy": ""]) == nil)
    }

    @Test func aProxyWithoutSchemeOrPortIsHTTPOnCurlsDefaultPort() {
        #expect(proxy("https://a.example", ["https_proxy": "proxy.lan"]) == Proxy(host: "proxy.lan", port: 1080))
        #expect(
            proxy("https://a.example", ["https_proxy": "http://[fd00::1]:3128"]) == Proxy(host: "fd00::1", port: 3128))
    }

    @Test func aSOCKSProxyIsNotUsedButNamedForAWarning() {
        let environment = ["https_proxy": "socks5://proxy.lan:1080"]
        #expect(proxy("https://a.example", environment) == nil)
        #expect(
            Proxy.unusableSetting(for: URL(string: "https://a.example")!, environment: environment)
                == environment["https_proxy"])
        #expect(
            Proxy.unusableSetting(for: URL(string: "https://a.example")!, environment: ["https_proxy": "http://p:1"])
                == nil)
    }

    @Test func credentialsBecomeAProxyAuthorizationHeader() throws {
        let found = try #require(proxy("https://a.example", ["https_proxy": "http://office:p%40ss@proxy.lan:3128"]))
        #expect(found.credentials?.user == "office")
        #expect(found.credentials?.password == "p@ss")
        #expect(found.authorization == "Basic " + Data("office:p@ss".utf8).base64EncodedString())
        #expect(Proxy(host: "proxy.lan", port: 3128).authorization == nil)
    }

    @Test(arguments: [
        ("print.example.com", "example.com", true),
        ("print.example.com", ".example.com", true),
        ("example.com", ".example.com", true),
        ("PRINT.Example.com", "example.com", true),
        ("badexample.com", "example.com", false),
        ("example.com.evil", "example.com", false),
        ("anything", "*", true),
        ("print.example.com", "other.com, example.com", true),
        ("10.1.2.3", "10.0.0.0/8", true),
        ("11.1.2.3", "10.0.0.0/8", false),
        ("127.0.0.1", "127.0.0.1", true),
        ("::1", "::1", true),
        ("[::1]", "[::1]", true),
        ("fd00::5", "fd00::/8", true),
        ("10.1.2.3", "", false),
    ])
    func noProxyNamesHostsDomainsAndNetworks(host: String, noProxy: String, bypassed: Bool) {
        #expect(Proxy.bypasses(host, noProxy: noProxy) == bypassed)
    }

    @Test func aHostNoProxyNamesIsReachedDirectly() {
        let environment = ["https_proxy": "http://proxy.lan:3128", "NO_PROXY": "localhost,.internal.example"]
        #expect(proxy("https://print.internal.example/ws", environment) == nil)
        #expect(proxy("https://print.example.com/ws", environment) != nil)
    }
}
