import PrintCloudProtocol

/// The API reference for people at `/docs`: one plain HTML page rendered from the OpenAPI document, operations
/// grouped by tag. Nothing is loaded from elsewhere (no script, font or stylesheet link), so it works on a
/// server with no way out and leaks no reader to a CDN.
struct APIReferencePage {
    let document: JSONValue

    /// An operation of the document: the method and path it answers.
    struct Operation {
        var method: String
        var path: String
        var object: JSONValue

        var anchor: String { object["operationId"]?.string ?? "\(method)-\(path)" }
    }

    /// The order methods are shown in under a path.
    static let methods = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    var operations: [Operation] {
        (document["paths"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.flatMap { path, item in
            Self.methods.compactMap { method in
                item[method].map { Operation(method: method, path: path, object: $0) }
            }
        }
    }

    var tags: [(name: String, description: String?)] {
        (document["tags"]?.array ?? []).compactMap { tag in
            tag["name"]?.string.map { ($0, tag["description"]?.string) }
        }
    }

    var html: String {
        let title = document["info"]?["title"]?.string ?? "API"
        let operations = self.operations
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) reference</title>
            <style>\(Self.style)</style></head><body>
            <h1>\(escape(title)) <small>\(escape(document["info"]?["version"]?.string ?? ""))</small></h1>
            <p>The same as OpenAPI 3.1, for client generators:
            <a href="/api/openapi.json"><code>/api/openapi.json</code></a>.</p>

            """
        html += Markdown.html(document["info"]?["description"]?.string ?? "")
        html += "<nav><h2>Contents</h2><ul>"
        for tag in tags {
            html += "<li><a href=\"#tag-\(escape(tag.name))\">\(escape(tag.name))</a><ul>"
            for operation in operations where operation.isTagged(tag.name) {
                html += "<li><a href=\"#\(escape(operation.anchor))\">\(operation.signatureHTML)</a></li>"
            }
            html += "</ul></li>"
        }
        html += "<li><a href=\"#schemas\">Schemas</a></li></ul></nav>\n"
        for tag in tags {
            html += "<h2 id=\"tag-\(escape(tag.name))\">\(escape(tag.name))</h2>\n"
            if let description = tag.description { html += Markdown.html(description) }
            for operation in operations where operation.isTagged(tag.name) {
                html += operationHTML(operation)
            }
        }
        html += "<h2 id=\"schemas\">Schemas</h2>\n"
        for (name, schema) in (document["components"]?["schemas"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            html += "<section><h3 id=\"schema-\(escape(name))\">\(escape(name))</h3>\n\(schemaHTML(schema))</section>\n"
        }
        return html + "</body></html>\n"
    }

    func operationHTML(_ operation: Operation) -> String {
        let object = operation.object
        var html = "<section class=\"operation\"><h3 id=\"\(escape(operation.anchor))\">\(operation.signatureHTML)"
        if let summary = object["summary"]?.string { html += " — " + Markdown.inline(summary) }
        html += "</h3>\n"
        if let description = object["description"]?.string { html += Markdown.html(description) }
        let security = object["security"] ?? document["security"]
        if security?.array?.isEmpty == true { html += "<p><em>No authentication.</em></p>\n" }
        let parameters = (object["parameters"]?.array ?? []).map { resolve($0).value }
        if !parameters.isEmpty {
            html += "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th></th></tr>\n"
            for parameter in parameters {
                let required = parameter["required"] == .bool(true) ? " <span class=\"required\">required</span>" : ""
                html += "<tr><td><code>\(escape(parameter["name"]?.string ?? ""))</code>\(required)</td>"
                html += "<td>\(escape(parameter["in"]?.string ?? ""))</td>"
                html += "<td>\(parameter["schema"].map(typeHTML) ?? "")</td>"
                html += "<td>\(describe(parameter, schema: parameter["schema"]))</td></tr>\n"
            }
            html += "</table>\n"
        }
        if let body = object["requestBody"].map({ resolve($0).value }) {
            html += "<h4>Request body</h4>\n"
            html += contentHTML(body["content"])
        }
        let responses = (object["responses"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map {
            (status: $0.key, response: resolve($0.value).value)
        }
        html += "<h4>Responses</h4>\n"
        for (status, response) in responses where !status.hasPrefix("4") && !status.hasPrefix("5") {
            html += "<div class=\"response\"><p><strong>\(escape(status))</strong> "
            html += Markdown.inline(response["description"]?.string ?? "") + headersHTML(response) + "</p>\n"
            html += contentHTML(response["content"]) + "</div>\n"
        }
        // Errors all share one body, `Error`: a table says more than a schema repeated for each.
        let errors = responses.filter { $0.status.hasPrefix("4") || $0.status.hasPrefix("5") }
        if !errors.isEmpty {
            html +=
                "<table class=\"response\"><tr><th>error</th><th><a href=\"#schema-Error\">Error</a> body</th></tr>\n"
            for (status, response) in errors {
                html += "<tr><td><strong>\(escape(status))</strong></td><td>"
                html += Markdown.inline(response["description"]?.string ?? "") + headersHTML(response) + "</td></tr>\n"
            }
            html += "</table>\n"
        }
        return html + "</section>\n"
    }

    /// The headers of a response, those it always sends marked.
    func headersHTML(_ response: JSONValue) -> String {
        let headers = (response["headers"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
        guard !headers.isEmpty else { return "" }
        let names = headers.map { name, header in
            let always = resolve(header).value["required"] == .bool(true) ? " (always)" : ""
            return "<code>\(escape(name))</code>\(always)"
        }
        return " <small>Headers: " + names.joined(separator: ", ") + "</small>"
    }

    /// Each media type of a body and the schema it holds.
    func contentHTML(_ content: JSONValue?) -> String {
        (content?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { mediaType, media in
            "<p class=\"media\"><code>\(escape(mediaType))</code></p>\n" + (media["schema"].map(schemaHTML) ?? "")
        }.joined()
    }

    /// A `$ref` to this document replaced by what it names (and that name); anything else as it is.
    func resolve(_ value: JSONValue) -> (value: JSONValue, name: String?) {
        guard let reference = value["$ref"]?.string, reference.hasPrefix("#/") else { return (value, nil) }
        let parts = reference.dropFirst(2).split(separator: "/").map(String.init)
        let target = parts.reduce(Optional(document)) { value, key in value?[key] }
        return (target ?? value, parts.last)
    }

    static let style = """
        body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        code{font:13px ui-monospace,monospace;background:#f3f3f3;padding:0 .2em}
        table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;\
        text-align:left;vertical-align:top}
        .operation{border-top:1px solid #ccc;margin-top:1.5rem}.method{font-weight:bold;text-transform:uppercase}
        .required{color:#a00;font-size:smaller}.response{margin-left:1rem}small{color:#777}
        """
}

extension APIReferencePage.Operation {
    func isTagged(_ tag: String) -> Bool {
        object["tags"]?.array?.contains(.string(tag)) == true
    }

    var signatureHTML: String {
        "<span class=\"method\">\(escape(method))</span> <code>\(escape(path))</code>"
    }
}

/// `text` safe inside HTML text and attribute values.
func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        default: escaped.append(character)
        }
    }
    return escaped
}
