import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// What the API fuzz test puts on a fresh server before the fuzzer starts, and the schemathesis configuration
/// that hands the fuzzer those ids: without them every `{id}` it invents is a 404 and the code behind is never
/// reached. Each id is used about half the time, so invented ones are still tried.
struct FuzzData {
    let computer: DesktopClient
    let printers: [String]
    let jobs: [String]
    let webhooks: [String]
    /// A key the fuzzer may revoke: not the one it authenticates with.
    let spareKeys: [String]
    /// The id of the key it authenticates with, which the hooks keep it from revoking.
    let ownKeyID: String

    /// Printers' capabilities in the shape the desktop client reports them, so that the fuzzer holds every
    /// field of it against the document's `Capabilities` in each printers answer.
    static let capabilities: [String: JSONValue] = [
        "color": .bool(true), "duplex": .bool(true), "media": .array([.string("A4"), .string("Letter")]),
        "bins": .array([.string("Tray 1")]),
        "papers": .array([
            .object([
                "name": .string("A4"), "pwg": .string("iso_a4_210x297mm"), "widthMm": .number(210),
                "heightMm": .number(297),
            ]),
            .object([
                "name": .string("Letter"), "pwg": .string("na_letter_8.5x11in"), "widthMm": .number(215.9),
                "heightMm": .number(279.4),
            ]),
        ]),
        "trays": .array([.object(["name": .string("Tray 1"), "keyword": .string("tray-1")])]),
        "resolutions": .array([.string("600dpi")]), "maxCopies": .number(9999),
        "stateReasons": .array([.string("toner-low-warning")]),
    ]

    /// A desktop client with two printers, three jobs for them, a webhook to `receiver` and a spare key.
    static func make(base: String, key: String, receiver: WebhookReceiver, _ http: DurabilityTests) async throws
        -> FuzzData
    {
        let computer = try await DesktopClient.signIn(
            baseURL: base, key: key, printers: ["Zebra", "Laser"], capabilities: Self.capabilities)
        var printers: [String] = []
        for name in ["Zebra", "Laser"] {
            printers.append(try await computer.printerID(named: name, baseURL: base, key: key, http))
        }
        var jobs: [String] = []
        for (index, printer) in [printers[0], printers[1], printers[0]].enumerated() {
            let created = try await http.send(
                .POST, base + "/api/printjobs", key: key,
                json:
                    #"{"printerId":"\#(printer)","contentType":"raw_base64","content":"SGVsbG8=","title":"Job \#(index)"}"#
            )
            #expect(created.status == 201, "\(created.body)")
            jobs.append(created.body.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        let webhook = try await http.send(
            .POST, base + "/api/webhooks", key: key, json: #"{"url":"\#(receiver.url)","events":["all"]}"#)
        #expect(webhook.status == 201, "\(webhook.body)")
        let spare = try await http.send(
            .POST, base + "/api/account/apikeys", key: key, json: #"{"description":"spare","permission":"read_only"}"#)
        #expect(spare.status == 201, "\(spare.body)")
        let whoami = try await http.send(.GET, base + "/api/whoami", key: key)
        let own = try #require(try JSONSerialization.jsonObject(with: Data(whoami.body.utf8)) as? [String: Any])
        return FuzzData(
            computer: computer, printers: printers, jobs: jobs, webhooks: [try Self.id(in: webhook.body)],
            spareKeys: [try Self.id(in: spare.body)], ownKeyID: try #require(own["keyId"] as? String))
    }

    static func id(in body: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        return try #require(object["id"] as? String)
    }

    /// `schemathesis.toml`: the ids as dictionaries bound to the parameters that take them, the initial account's
    /// email and password for the login operation, and the hooks (`Tests/Fuzz/hooks.py`).
    func configuration(password: String, hook: String) -> String {
        func quoted(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        func binding(_ dictionary: String) -> String { #"{ dictionary = "\#(dictionary)", probability = 0.5 }"# }
        let operations: [(path: String, parameters: [(String, String)])] = [
            (
                "/api/printjobs",
                [("body.printerId", "printers"), ("query.printerId", "printers"), ("query.after", "jobs")]
            ),
            ("/api/printjobs/{id}", [("path.id", "jobs")]),
            ("/api/printjobs/{id}/content", [("path.id", "jobs")]),
            ("/api/printers/{id}", [("path.id", "printers")]),
            ("/api/computers/{id}", [("path.id", "computers")]),
            ("/api/computers/{id}/printers", [("path.id", "computers")]),
            ("/api/webhooks/{id}", [("path.id", "webhooks")]),
            ("/api/webhooks/{id}/deliveries", [("path.id", "webhooks")]),
            ("/api/webhooks/{id}/test", [("path.id", "webhooks")]),
            ("/api/account/apikeys/{id}", [("path.id", "keys")]),
            ("/api/client/login", [("body.email", "emails"), ("body.password", "passwords")]),
        ]
        var lines = [
            "hooks = \"\(hook)\"",
            // The fuzzer authenticates every request (`--auth`), so a case "without" the header is sent with it.
            // Unknown query parameters are ignored by design, as published APIs do (cache busters such as `_=…`).
            "generation.with-security-parameters = false",
            "generation.allow-extra-parameters = false",
            "",
            "[dictionaries.printers]", "values = \(quoted(printers))",
            "[dictionaries.computers]", "values = \(quoted([computer.computerID]))",
            "[dictionaries.jobs]", "values = \(quoted(jobs))",
            "[dictionaries.webhooks]", "values = \(quoted(webhooks))",
            "[dictionaries.keys]", "values = \(quoted(spareKeys))",
            "[dictionaries.emails]", "values = \(quoted(["admin@printcloud.local"]))",
            "[dictionaries.passwords]", "values = \(quoted([password]))",
        ]
        for operation in operations {
            lines += ["", "[[operations]]", "include-path = \"\(operation.path)\""]
            let parameters = operation.parameters.map { "\"\($0.0)\" = \(binding($0.1))" }
            lines.append("parameters = { \(parameters.joined(separator: ", ")) }")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
