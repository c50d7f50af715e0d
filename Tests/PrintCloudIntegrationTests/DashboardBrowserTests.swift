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
                let (email, _) = try await Self.credentials(server)
                try await HeadlessChromium.with(driver: driver, in: directory) { browser in
                    try await browser.open(server.baseURL + "/")
                    #expect(try await browser.currentURL() == server.baseURL + "/login")
                    try await browser.screenshot(to: Self.screenshots.appendingPathComponent("sign-in.png"))
                    try await signIn(browser, server)
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

    /// The email and password the server printed at its first start.
    static func credentials(_ server: DurabilityTests.Running) async throws -> (email: String, password: String) {
        let email = try await server.process.line(containing: "  email ").split(separator: " ").last.map(String.init)
        let password = try await server.process.line(containing: "  password ").split(separator: " ").last.map(
            String.init)
        return (try #require(email), try #require(password))
    }

    func signIn(_ browser: HeadlessChromium, _ server: DurabilityTests.Running) async throws {
        let (email, password) = try await Self.credentials(server)
        try await browser.open(server.baseURL + "/login")
        _ = try await browser.run(
            """
            document.getElementById('email').value = \(Self.quoted(email));
            document.getElementById('password').value = \(Self.quoted(password));
            document.querySelector('form[action="/login"] button').click();
            """)
        try await eventually("the overview") {
            try await browser.run("return document.title") as? String == "Overview · PrintCloud"
        }
    }

    func text(_ browser: HeadlessChromium) async throws -> String {
        try await browser.run("return document.body.innerText") as? String ?? ""
    }

    /// The whole path with the real desktop client on the CUPS sandbox: its printers appear, a PDF uploaded
    /// with options is printed while its page, never reloaded, follows it to `completed`; the options reach the
    /// virtual printer. Then a key is made and revoked, a webhook gets a delivery in its log, and sign-out holds.
    @Test func aPersonPrintsFromTheBrowserAndWatchesTheJobCompleteWithoutReloading() async throws {
        guard let driver = HeadlessChromium.driver(fail: { Issue.record(Comment(rawValue: $0)) }),
            let cups = TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) })
        else { return }
        let printing = EndToEndPrintingTests()
        let receiver = try await WebhookReceiver.start()
        try await withTemporaryDirectory { directory in
            try await http.withServer(in: directory, arguments: ["--allow-private-webhooks"]) { server in
                let key = try #require(
                    try await server.process.line(containing: "API key").split(separator: " ").last.map(String.init))
                let client = try await printing.startClient(server: server.baseURL, key: key, directory: directory)
                var restarted: ServerProcess?
                do {
                    try await HeadlessChromium.with(driver: driver, in: directory) { browser in
                        try await signIn(browser, server)
                        try await browser.open(server.baseURL + "/computers")
                        try await eventually(within: 60, "the client's printers on the page") {
                            let shown = try await text(browser)
                            return shown.contains("E2E-PC") && shown.contains("Office") && shown.contains("A5")
                        }
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("computers.png"))

                        let office = try await printing.printerID("Office", server: server.baseURL, key: key)
                        // With the client stopped the computer goes offline on the open page, and the job waits,
                        // so its page is seen moving on by itself later.
                        _ = try await browser.run("window.notReloaded = true;")
                        try await client.terminate()
                        try await eventually(within: 60, "the computer offline on the open page") {
                            try await text(browser).contains("Offline")
                        }
                        #expect(try await browser.run("return window.notReloaded === true") as? Bool == true)
                        try await browser.open(server.baseURL + "/printers/\(office)")
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("printer.png"))
                        let pdf = directory.appendingPathComponent("quarterly-report.pdf")
                        try TestCUPS.pdf(pages: 1).write(to: pdf)
                        try await browser.upload(pdf, into: "#document")
                        _ = try await browser.run(
                            """
                            document.getElementById('title').value = 'Quarterly report';
                            document.getElementById('copies').value = '2';
                            document.getElementById('paper').value = 'A5';
                            document.getElementById('tray').value = 'Photo';
                            document.getElementById('duplex').value = 'long-edge';
                            document.querySelector('form[action$="/print"] button[type=submit]').click();
                            """)
                        try await eventually("the new job's page") {
                            try await browser.currentURL().contains("/jobs/pj_")
                        }
                        let jobID = try #require(
                            try await browser.currentURL().split(separator: "/").last.map(String.init))
                        #expect(
                            try await browser.run("return document.getElementById('job-state').dataset.state")
                                as? String == "pending")
                        // Gone if the page were loaded again.
                        _ = try await browser.run("window.notReloaded = true;")

                        restarted = try await printing.startClient(
                            server: server.baseURL, key: key, directory: directory)
                        try await eventually(within: EndToEndPrintingTests.patience, "completed on the page") {
                            try await browser.run("return document.getElementById('job-state').dataset.state")
                                as? String
                                == "completed"
                        }
                        #expect(try await browser.run("return window.notReloaded === true") as? Bool == true)
                        let timeline =
                            try await browser.run("return document.getElementById('timeline').innerText") as? String
                            ?? ""
                        for step in ["Waiting", "Sent to the computer", "Printing", "Printed"] {
                            #expect(timeline.contains(step), "\(step)")
                        }
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("job.png"))

                        var received = ""
                        try await eventually(within: 60, "the job at the Office printer") {
                            received =
                                try await cups.officeJobAttributes().components(separatedBy: "-- separator --")
                                .first { $0.contains(jobID) } ?? ""
                            return received.contains("job-state (enum) = completed")
                        }
                        #expect(received.contains("media-source=photo"))
                        #expect(received.contains("x-dimension=14800 y-dimension=21000"))

                        try await browser.open(server.baseURL + "/jobs")
                        #expect(try await text(browser).contains("Quarterly report"))
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("jobs.png"))
                        try await browser.open(server.baseURL + "/")
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("overview-live.png"))
                        // At a phone's width nothing needs scrolling sideways.
                        try await browser.resize(width: 390, height: 844)
                        for path in ["/", "/printers/\(office)", "/jobs/\(jobID)", "/jobs", "/webhooks", "/account"] {
                            try await browser.open(server.baseURL + path)
                            let unlabelled = try await browser.run(
                                """
                                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                                  .filter(e => e.labels.length === 0).map(e => e.name);
                                """)
                            #expect(
                                (unlabelled as? [String])?.isEmpty == true,
                                "controls without a label on \(path): \(unlabelled)")
                            let overflow = try await browser.run(
                                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                            let widest = try await browser.run(
                                """
                                const wide = [...document.querySelectorAll('body *')]
                                  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth);
                                return wide.map(e => e.outerHTML.slice(0, 80)).slice(-1).join();
                                """)
                            #expect(
                                overflow as? Int == 0, "\(path) is \(overflow) px too wide at phone width: \(widest)")
                        }
                        try await browser.open(server.baseURL + "/printers/\(office)")
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("printer-phone.png"))
                        try await browser.resize(width: 1280, height: 900)
                        try await browser.open(server.baseURL + "/account")
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("account.png"))

                        // A key made on the page works on the API until revoked there.
                        try await browser.open(server.baseURL + "/keys")
                        _ = try await browser.run(
                            """
                            document.getElementById('description').value = 'Browser test key';
                            document.querySelector('form[action="/keys"] button').click();
                            """)
                        try await eventually("the new key shown") {
                            try await browser.run("return document.getElementById('created-key') !== null") as? Bool
                                == true
                        }
                        let newKey = try #require(
                            try await browser.run("return document.getElementById('created-key').textContent")
                                as? String)
                        #expect(try await http.send(.GET, server.baseURL + "/api/whoami", key: newKey).status == 200)
                        try await browser.open(server.baseURL + "/keys")
                        _ = try await browser.run(
                            "document.querySelector('button[aria-label=\"Revoke Browser test key\"]').click();")
                        try await eventually("the key gone from the list") {
                            let shown = try await text(browser)
                            return try await browser.currentURL() == server.baseURL + "/keys"
                                && !shown.contains("Browser test key")
                        }
                        #expect(try await http.send(.GET, server.baseURL + "/api/whoami", key: newKey).status == 401)

                        // A webhook made on the page gets its test ping, and its log shows the delivery.
                        try await browser.open(server.baseURL + "/webhooks")
                        _ = try await browser.run(
                            """
                            document.getElementById('url').value = \(Self.quoted(receiver.url));
                            document.querySelector('form[action="/webhooks"] button[type=submit]').click();
                            """)
                        try await eventually("the secret shown once") {
                            try await browser.run("return document.getElementById('created-secret') !== null") as? Bool
                                == true
                        }
                        _ = try await browser.run("document.querySelector('section.created a').click();")
                        try await eventually("the webhook's page") {
                            try await browser.currentURL().contains("/webhooks/wh_")
                        }
                        let webhookPage = try await browser.currentURL()
                        _ = try await browser.run("document.querySelector('form[action$=\"/test\"] button').click();")
                        try await eventually(within: 60, "the ping delivered and in the log") {
                            try await browser.open(webhookPage)
                            let log =
                                try await browser.run(
                                    "const t = document.getElementById('deliveries'); return t ? t.innerText : ''")
                                as? String ?? ""
                            return log.contains("ping") && log.contains("succeeded") && log.contains("200")
                        }
                        #expect(await receiver.requests.contains { $0.json["type"] == "ping" })
                        try await browser.screenshot(to: Self.screenshots.appendingPathComponent("webhook.png"))

                        _ = try await browser.run("document.querySelector('form[action=\"/logout\"] button').click();")
                        try await eventually("signed out") {
                            try await browser.currentURL() == server.baseURL + "/login"
                        }
                        try await browser.open(server.baseURL + "/jobs/\(jobID)")
                        #expect(try await browser.currentURL() == server.baseURL + "/login", "refused once signed out")
                    }
                    try await restarted?.terminate()
                } catch {
                    try? await restarted?.terminate()
                    try? await client.terminate()
                    throw error
                }
            }
        }
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            .description
    }
}
