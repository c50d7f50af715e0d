import Foundation
import HTTPTypes
import HummingbirdTesting
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// API.md Part 2's rules for requests: JSON bodies only, no key twice, numbers named, 405 for a wrong method.
@Suite(.timeLimit(.minutes(10))) struct RequestRulesTests {
    static let nonJSONTypes = [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
    ]

    // The tables of this suite run in one server each: a database per row would crowd the suite's PostgreSQL.
    @Test(arguments: TestEngine.allCases)
    func aBodyThatIsNotDeclaredJSONIsRefusedWith415AndWritesNothing(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let job = #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ=="}"#
            for type in Self.nonJSONTypes {
                let response = try await app.request(
                    .post, "/api/printjobs", key: account.fullKey, json: job, headers: [.contentType: type])
                #expect(response.status == .unsupportedMediaType)
                let error = try response.apiError()
                #expect(error.code == "UnsupportedMediaType")
                #expect(error.message.contains("application/json"))
                let webhook = try await app.request(
                    .post, "/api/webhooks", key: account.fullKey,
                    json: #"{"url": "https://example.com/h", "events": ["all"]}"#, headers: [.contentType: type])
                #expect(webhook.status == .unsupportedMediaType)
                // Also where the route reads no body at all.
                let test = try await app.request(
                    .post, "/api/webhooks/wh_x/test", key: account.fullKey, json: "a=b", headers: [.contentType: type])
                #expect(test.status == .unsupportedMediaType)
            }
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            #expect(try await app.request(.get, "/api/webhooks", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aBodyWithoutContentTypeIsRefusedWith415(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.client.execute(
                uri: "/api/account/apikeys", method: .post,
                headers: [.authorization: "Basic " + Data("\(account.fullKey):".utf8).base64EncodedString()],
                body: .init(string: #"{"description": "x"}"#))
            #expect(response.status == .unsupportedMediaType)
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func jsonWithAnyCharsetIsAccepted(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for type in ["application/json", "application/json; charset=utf-8", "Application/JSON"] {
                let response = try await app.request(
                    .post, "/api/account/apikeys", key: account.fullKey, json: #"{"description": "x"}"#,
                    headers: [.contentType: type])
                #expect(response.status == .created, "\(type)")
            }
        }
    }

    static let duplicates = [
        (#"{"description": "a", "description": "b"}"#, "description"),
        (#"{"description": "a", "d\u0065scription": "b"}"#, "description"),
        (#"{"permission": "read_only", "description": "x", "permission": "full"}"#, "permission"),
    ]

    @Test(arguments: TestEngine.allCases)
    func aKeyGivenTwiceIsRefusedNamingIt(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for (body, key) in Self.duplicates {
                let response = try await app.request(.post, "/api/account/apikeys", key: account.fullKey, json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.apiError().message == "\(key): is given twice")
            }
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aNestedKeyGivenTwiceIsNamedWithItsPath(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let response = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ==", "options": {"copies": 1, "copies": 99}}"#,
                key: account.fullKey)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message == "options.copies: is given twice")
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    @Test func duplicateKeysAreFoundAtEveryDepthAndNotInValues() {
        #expect(
            JSONDuplicateKeys.firstDuplicate(in: Data(#"{"a": [{"b": 1}, {"b": 2, "b": 3}]}"#.utf8)) == "a[1].b"
        )
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"a": "a", "b": ["a", "a"], "c": {"a": 1}}"#.utf8)) == nil)
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"a\"": 1, "a": 2}"#.utf8)) == nil)
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"[{"x": 1}, {"x": 1}]"#.utf8)) == nil)
    }

    /// PostgreSQL cannot store U+0000 in text: refused alike on both engines, before anything is written, in a body
    /// in the query parameters compared with stored text; a path holding it names nothing.
    @Test(arguments: TestEngine.allCases)
    func aNULCharacterIsRefusedAndNothingIsWritten(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let response = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ==", "title": "a\u0000", "options": {"media": "b"}}"#,
                key: account.fullKey)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message == "title: must not contain NUL characters (\\u0000)")
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            for name in ["after", "printerId"] {
                let listed = try await app.request(.get, "/api/printjobs?\(name)=a%00b", key: account.fullKey)
                #expect(listed.status == .badRequest)
                #expect(try listed.apiError().message == "\(name): must not contain NUL characters (%00)")
            }
            for path in ["/api/printers/prn_a%00b", "/api/printjobs/pj_a%00b", "/api/webhooks/wh_%00"] {
                #expect(try await app.request(.get, path, key: account.fullKey).status == .notFound, "\(path)")
            }
            try await computer.socket.close()
        }
    }

    static let badNumbers = ["1.5", "1e30", "18446744073709551616", "-99999999999999999999", "\"2\""]

    @Test(arguments: TestEngine.allCases)
    func aNumberThatIsNotAnIntegerNamesItsField(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            for qty in Self.badNumbers {
                for body in [
                    #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ==", "qty": \#(qty)}"#,
                    #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ==", "options": {"copies": \#(qty)}}"#,
                ] {
                    let response = try await app.createJob(body, key: account.fullKey)
                    #expect(response.status == .badRequest)
                    let message = try response.apiError().message
                    #expect(message.hasPrefix(body.contains("options") ? "options.copies:" : "qty:"), "\(message)")
                }
            }
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    static let wrongMethods: [(HTTPRequest.Method, String, String)] = [
        (.put, "/api/whoami", "GET, HEAD"),
        (.post, "/api/printers", "GET, HEAD"),
        (.patch, "/api/printjobs", "GET, HEAD, POST"),
        (.put, "/api/printjobs/pj_x", "GET, HEAD, DELETE"),
        (.get, "/api/client/login", "POST"),
        (.delete, "/api/webhooks", "GET, HEAD, POST"),
        (.post, "/api/webhooks/wh_x", "GET, HEAD, PATCH, DELETE"),
    ]

    @Test(arguments: TestEngine.allCases)
    func aKnownPathWithAnotherMethodAnswers405WithAllow(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for (method, path, allow) in Self.wrongMethods {
                let response = try await app.request(method, path, key: account.fullKey)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow)
                let error = try response.apiError()
                #expect(error.code == "MethodNotAllowed")
                #expect(error.message.contains(method.rawValue))
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func unknownPathsStill404(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            #expect(try await app.request(.put, "/api/nope", key: account.fullKey).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func headWorksWhereverGetDoes(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for path in ["/api/whoami", "/api/printjobs", "/api/computers", "/healthz"] {
                let get = try await app.request(.get, path, key: account.fullKey)
                let head = try await app.request(.head, path, key: account.fullKey)
                #expect(get.status == .ok)
                #expect(head.status == .ok)
                #expect(head.body.readableBytes == 0)
                #expect(head.headers[.contentType] == get.headers[.contentType])
            }
            let unauthenticated = try await app.request(.head, "/api/whoami")
            #expect(unauthenticated.status == .unauthorized)
        }
    }
}
