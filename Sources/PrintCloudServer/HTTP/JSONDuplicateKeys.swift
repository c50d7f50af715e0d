import Foundation

/// Finds a key given twice in one JSON object. `JSONDecoder` silently keeps one of the two values, so
/// `{"printerId": "a", "printerId": "b"}` would mean different things to us and to a proxy or a log reader
/// in front of us; API.md Part 2 refuses such a body.
enum JSONDuplicateKeys {
    /// The path of the first key given twice (`options.copies`, `printers[1].name`), or nil. Input that is
    /// not valid JSON gives nil or a meaningless answer: the decoder that runs next reports it.
    static func firstDuplicate(in data: Data) -> String? {
        data.withUnsafeBytes { firstDuplicate(in: $0) }
    }

    /// The refusal of a message with a key given twice (`options.copies: is given twice`), or nil.
    static func refusal(of data: Data) -> String? {
        firstDuplicate(in: data).map { "\($0): is given twice" }
    }

    /// An open object or array. Mutated in place in the stack, so a key set is never copied (an object of
    /// many keys stays linear).
    private struct Frame {
        var isObject: Bool
        var keys: Set<String> = []
        var current: String?
        var expectingKey = true
        var index = 0
    }

    private static func firstDuplicate(in bytes: UnsafeRawBufferPointer) -> String? {
        var stack: [Frame] = []
        var position = 0
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                // Deeper than the decoder's own limit: it refuses the body anyway.
                guard stack.count < 512 else { return nil }
                stack.append(Frame(isObject: bytes[position] == UInt8(ascii: "{")))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ",") where !stack.isEmpty:
                stack[stack.count - 1].expectingKey = true
                stack[stack.count - 1].index += 1
            case UInt8(ascii: "\""):
                let start = position + 1
                var end = start
                var escaped = false
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] == UInt8(ascii: "\\") {
                        escaped = true
                        end += 1
                    }
                    end += 1
                }
                if let top = stack.indices.last, stack[top].isObject, stack[top].expectingKey {
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<min(end, bytes.count)])
                    let key = escaped ? unescaped(raw) : String(decoding: raw, as: UTF8.self)
                    stack[top].current = key
                    stack[top].expectingKey = false
                    guard stack[top].keys.insert(key).inserted else { return path(of: stack) }
                }
                position = end
            default:
                break
            }
            position += 1
        }
        return nil
    }

    /// A key with escapes, decoded: `"\u0061"` and `"a"` are the same key.
    private static func unescaped(_ raw: UnsafeRawBufferPointer) -> String {
        let literal = Data([UInt8(ascii: "\"")]) + Data(raw) + Data([UInt8(ascii: "\"")])
        return (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed) as? String)
            ?? String(decoding: raw, as: UTF8.self)
    }

    private static func path(of stack: [Frame]) -> String {
        stack.reduce(into: "") { path, frame in
            if !frame.isObject {
                path += "[\(frame.index)]"
            } else if let key = frame.current {
                path += (path.isEmpty ? "" : ".") + key
            }
        }
    }
}
