import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudTestSupport
import Testing

/// Debian's `chromium`, headless, driven by its `chromedriver` over the W3C WebDriver protocol (plain HTTP and
/// JSON, so no client library is needed). Nothing is downloaded: both come from apt (`scripts/test`).
struct HeadlessChromium: Sendable {
    private let driver: String
    private let session: String

    /// `name`'s path on `PATH`, if it is there.
    static func executable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// chromedriver, or nil after recording why not: a failure in CI, a printed skip elsewhere.
    static func driver(fail: (String) -> Void) -> URL? {
        guard let driver = executable("chromedriver"), executable("chromium") != nil else {
            let reason = "chromium and chromedriver are not installed: run scripts/test, which installs them"
            if ProcessInfo.processInfo.environment["CI"] != nil { fail(reason) } else { print("skipping: \(reason)") }
            return nil
        }
        return driver
    }

    /// Runs `body` with a fresh browser (its own profile in `directory`), closed afterwards whatever happens.
    static func with(driver executable: URL, in directory: URL, _ body: (HeadlessChromium) async throws -> Void)
        async throws
    {
        let process = try await ServerProcess(["--port=0"], in: directory, executable: executable)
        do {
            let line = try await process.line(containing: "started successfully on port")
            let port = try #require(
                line.split(separator: " ").last.map { $0.trimmingCharacters(in: .punctuationCharacters) })
            let driver = "http://127.0.0.1:\(port)"
            let profile = directory.appendingPathComponent("chromium-profile").path
            // As root Chromium refuses to start without --no-sandbox; /dev/shm is small in containers.
            let capabilities: [String: Any] = [
                "capabilities": [
                    "alwaysMatch": [
                        "browserName": "chrome",
                        "goog:chromeOptions": [
                            "args": [
                                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
                                "--window-size=1280,900",
                                "--user-data-dir=\(profile)",
                            ]
                        ],
                    ]
                ]
            ]
            let created = try await Self.send(.POST, driver + "/session", capabilities)
            let session = try #require((created as? [String: Any])?["sessionId"] as? String, "\(created)")
            let browser = HeadlessChromium(driver: driver, session: session)
            do {
                try await body(browser)
            } catch {
                _ = try? await Self.send(.DELETE, driver + "/session/\(session)", nil)
                throw error
            }
            _ = try await Self.send(.DELETE, driver + "/session/\(session)", nil)
            try await process.terminate()
        } catch {
            try? await process.terminate()
            throw error
        }
    }

    /// Loads `url` and waits for the page to have loaded.
    func open(_ url: String) async throws {
        _ = try await Self.send(.POST, driver + "/session/\(session)/url", ["url": url])
    }

    /// Runs `script` in the page; it ends by calling its last argument with the result, which comes back as JSON.
    func runAsync(_ script: String) async throws -> Any {
        try await Self.send(.POST, driver + "/session/\(session)/execute/async", ["script": script, "args": []])
    }

    /// Runs `script` in the page and returns what it returns, as JSON.
    func run(_ script: String) async throws -> Any {
        try await Self.send(.POST, driver + "/session/\(session)/execute/sync", ["script": script, "args": []])
    }

    /// Puts `file` into the page's file input matching `selector`, as a person choosing it would.
    func upload(_ file: URL, into selector: String) async throws {
        let found = try await Self.send(
            .POST, driver + "/session/\(session)/element", ["using": "css selector", "value": selector])
        // WebDriver's fixed key for an element reference.
        let element = try #require(
            (found as? [String: Any])?["element-6066-11e4-a52e-4f735466cecf"] as? String, "\(found)")
        _ = try await Self.send(.POST, driver + "/session/\(session)/element/\(element)/value", ["text": file.path])
    }

    /// Makes the window this size, such as a phone's.
    func resize(width: Int, height: Int) async throws {
        _ = try await Self.send(.POST, driver + "/session/\(session)/window/rect", ["width": width, "height": height])
    }

    /// The page's address now.
    func currentURL() async throws -> String {
        try await Self.send(.GET, driver + "/session/\(session)/url", nil) as? String ?? ""
    }

    /// Writes what the window shows to `file`, as PNG, for a reviewer to look at.
    func screenshot(to file: URL) async throws {
        let encoded = try await Self.send(.GET, driver + "/session/\(session)/screenshot", nil) as? String ?? ""
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(base64Encoded: encoded)?.write(to: file)
    }

    /// One WebDriver command; its `value`, or an error carrying WebDriver's message.
    private static func send(_ method: HTTPMethod, _ url: String, _ json: [String: Any]?) async throws -> Any {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 22)
        let answer = try JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: .fragmentsAllowed)
        let value = (answer as? [String: Any])?["value"] ?? NSNull()
        guard response.status == .ok else {
            throw ProcessError(message: "WebDriver \(method) \(url): \(response.status): \(value)")
        }
        return value
    }
}
