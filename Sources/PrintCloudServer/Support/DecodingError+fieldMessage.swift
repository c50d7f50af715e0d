/// Decoding errors told the way a client needs them: which field, and what was wrong.
extension DecodingError {
    /// A message naming the field at fault, such as `permission: expected a string`.
    var fieldMessage: String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (key.map { [$0] } ?? [])
            return keys.reduce(into: "") { path, key in
                if let index = key.intValue {
                    path += "[\(index)]"
                } else {
                    path += (path.isEmpty ? "" : ".") + key.stringValue
                }
            }
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key)): is required"
        case .typeMismatch(let type, let context):
            return context.codingPath.isEmpty
                ? "Expected a JSON object" : "\(path(context.codingPath)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.describe(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "Not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "Could not be read"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        default: "a value of another type"
        }
    }
}
