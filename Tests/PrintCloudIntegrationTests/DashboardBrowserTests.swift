import Foundation
import PrintCloudTestSupport
import Testing

/// The dashboard in a real browser (headless Chromium) against the real server process: a person signs in
/// with the credentials the server printed, sees the overview, makes an API key that then works on the API,
/// signs out and is sent back to sign in.
/// Screenshots of each page go to `.build/screenshots/` (not committed), for a reviewer to look at.
@Suite(.serialized, .timeLimit(.minutes(10))) struct DashboardBrowserTests {
    let http = DurabilityTests()

    static let screenshots = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent(".build/screenshots")

    @Test func aPersonSignsInSeesTheOverviewAndSignsOut() async throws {
        guard let driver = HeadlessChromium.driver(fail: { Issue.record(Comment(rawValue: $0)) }) else { return }
        try await withTemporaryDirectory { directory in
            try await http.withServer(in: directory) { server in
                let email = try #require(
                    try await server.process.line(containing: "  email ").split(separator: " ").last.map(String.init))
                let password = try #require(
                    try await server.process.line(containing: "  password ").split(separator: " ").last.map(
                        String.init))
                try await HeadlessChromium.with(driver: driver, in: directory) { browser in
                    try await browser.open(server.baseURL + "/")
                    #expect(try await browser.currentURL() == server.baseURL + "/login")
                    try await browser.screenshot(to: Self.screenshots.appendingPathComponent("sign-in.png"))

                    _ = try await browser.run(
                        """
                        document.getElementById('email').value = \(Self.quoted(email));
                        document.getElementById('password').value = \(Self.quoted(password));
                        document.querySelector('form[action="/login"] button').click();
                        """)
                    try await eventually("the overview") {
                        try await browser.run("return document.title") as? String == "Overview · PrintCloud"
                    }
                    let text = try await browser.run("return document.body.innerText") as? String ?? ""
                    #expect(text.contains(email))
                    #expect(text.contains("No computer yet"))
                    try await browser.screenshot(to: Self.screenshots.appendingPathComponent("overview.png"))

                    try await browser.open(server.baseURL + "/keys")
                    _ = try await browser.run(
                        """
                        document.getElementById('description').value = 'Invoices from the ERP';
                        document.querySelector('form[action="/keys"] button').click();
                        """)
                    try await eventually("the new key shown") {
                        try await browser.run("return document.getElementById('created-key') !== null") as? Bool == true
                    }
                    let key = try #require(
                        try await browser.run("return document.getElementById('created-key').textContent") as? String)
                    #expect(key.hasPrefix("pk_live_"))
                    #expect(try await http.send(.GET, server.baseURL + "/api/whoami", key: key).status == 200)
                    try await browser.screenshot(to: Self.screenshots.appendingPathComponent("keys.png"))

                    _ = try await browser.run("document.querySelector('form[action=\"/logout\"] button').click();")
                    try await eventually("the sign-in page again") {
                        try await browser.currentURL() == server.baseURL + "/login"
                    }
                    try await browser.open(server.baseURL + "/")
                    #expect(try await browser.currentURL() == server.baseURL + "/login", "signed out for good")
                }
            }
        }
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            .description
    }
}
