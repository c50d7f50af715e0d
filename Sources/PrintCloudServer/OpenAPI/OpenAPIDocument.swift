import Foundation
import PrintCloudProtocol

/// The API's OpenAPI 3.1 document: `openapi.json` beside this file, written by hand and held against the
/// router by `OpenAPIDocumentTests`.
struct OpenAPIDocument: Sendable {
    /// The file's bytes, served as they are.
    let data: Data
    let json: JSONValue

    struct Missing: Error, CustomStringConvertible {
        var description: String { "openapi.json is missing from the server's resource bundle" }
    }

    /// Reads the document from the target's resources. Called while the app is built, so a server installed
    /// without its resource bundle fails at start rather than at the first request for the document.
    static func load() throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { throw Missing() }
        let data = try Data(contentsOf: url)
        return OpenAPIDocument(data: data, json: try JSONDecoder().decode(JSONValue.self, from: data))
    }
}

extension JSONValue {
    /// The member `key` of an object; nil for anything else.
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    var array: [JSONValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { object } else { nil }
    }
}
