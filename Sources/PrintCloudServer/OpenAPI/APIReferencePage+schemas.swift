import PrintCloudProtocol

/// Schemas in readable form: a type line (`array of Printer`, `one of asc, desc`) and, for objects, a table
/// of their properties. Only what the document uses is rendered; it is not a general JSON Schema printer.
extension APIReferencePage {
    func schemaHTML(_ schema: JSONValue) -> String {
        let (resolved, name) = resolve(schema)
        guard name == nil, let properties = resolved["properties"]?.objectValue, !properties.isEmpty else {
            return "<p>\(typeHTML(schema))\(constraints(schema).map { " — \($0)" } ?? "")</p>\n"
        }
        let required = Set(resolved["required"]?.array?.compactMap(\.string) ?? [])
        var html = resolved["description"]?.string.map { Markdown.html($0) } ?? ""
        html += "<table><tr><th>field</th><th>type</th><th></th></tr>\n"
        for (key, property) in properties.sorted(by: { $0.key < $1.key }) {
            let mark = required.contains(key) ? " <span class=\"required\">required</span>" : ""
            html += "<tr><td><code>\(escape(key))</code>\(mark)</td><td>\(typeHTML(property))</td>"
            html += "<td>\(describe(property, schema: property))</td></tr>\n"
        }
        html += "</table>\n"
        if resolved["additionalProperties"] == .bool(false) { html += "<p>No other fields.</p>\n" }
        return html
    }

    /// The type of `schema` on one line, with schema names as links.
    func typeHTML(_ schema: JSONValue) -> String {
        if let reference = schema["$ref"]?.string {
            let name = String(reference.split(separator: "/").last ?? "")
            return "<a href=\"#schema-\(escape(name))\">\(escape(name))</a>"
        }
        if let constant = schema["const"] { return "<code>\(escape(Self.literal(constant)))</code>" }
        if let choices = (schema["anyOf"] ?? schema["oneOf"])?.array {
            return choices.map(typeHTML).joined(separator: " or ")
        }
        let types: [String] = schema["type"]?.array?.compactMap(\.string) ?? schema["type"]?.string.map { [$0] } ?? []
        if let values = schema["enum"]?.array {
            let listed = values.filter { $0 != .null }.map { "<code>\(escape(Self.literal($0)))</code>" }
            return "one of " + listed.joined(separator: ", ") + (values.contains(.null) ? ", or null" : "")
        }
        if types.isEmpty { return "any" }
        return types.map { type -> String in
            switch type {
            case "array": "array of " + (schema["items"].map(typeHTML) ?? "any")
            case "string": "string" + (schema["format"]?.string.map { " (\(escape($0)))" } ?? "")
            default: escape(type)
            }
        }.joined(separator: " or ")
    }

    /// The description of a parameter or property, followed by the bounds its schema sets.
    func describe(_ item: JSONValue, schema: JSONValue?) -> String {
        let text = item["description"]?.string.map(Markdown.inline) ?? ""
        guard let schema, let bounds = constraints(schema) else { return text }
        return text.isEmpty ? bounds : "\(text) <small>\(bounds)</small>"
    }

    /// Bounds, pattern and default of `schema` in words, or nil if it sets none.
    func constraints(_ schema: JSONValue) -> String? {
        var parts: [String] = []
        func number(_ key: String) -> String? {
            if case .number(let value) = schema[key] { String(Int(value)) } else { nil }
        }
        switch (number("minimum"), number("maximum")) {
        case (let low?, let high?): parts.append("\(low) to \(high)")
        case (let low?, nil): parts.append("at least \(low)")
        case (nil, let high?): parts.append("at most \(high)")
        case (nil, nil): break
        }
        switch (number("minLength"), number("maxLength")) {
        case (let low?, let high?): parts.append("\(low) to \(high) characters")
        case (let low?, nil): parts.append("at least \(low) characters")
        case (nil, let high?): parts.append("at most \(high) characters")
        case (nil, nil): break
        }
        switch (number("minItems"), number("maxItems")) {
        case (let low?, let high?): parts.append("\(low) to \(high) items")
        case (let low?, nil): parts.append("at least \(low) item\(low == "1" ? "" : "s")")
        case (nil, let high?): parts.append("at most \(high) items")
        case (nil, nil): break
        }
        if let pattern = schema["pattern"]?.string { parts.append("matches <code>\(escape(pattern))</code>") }
        if let value = schema["default"] { parts.append("default <code>\(escape(Self.literal(value)))</code>") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// A JSON value as it is written in JSON.
    static func literal(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value.rounded() == value ? String(Int(value)) : String(value)
        case .string(let text): "\"\(text)\""
        case .array, .object: "…"
        }
    }
}
