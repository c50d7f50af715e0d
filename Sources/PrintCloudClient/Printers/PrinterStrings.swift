/// A printer's own words for its option values, from the `.strings` file its `printer-strings-uri` names
/// (`"media-source.tray-1" = "Tray 1";`). For a PPD queue cupsd writes that file from the PPD's texts, so
/// this is where the PPD's `InputSlot` text reaches us, already keyed by the IPP keyword.
public struct PrinterStrings: Sendable, Equatable {
    public private(set) var texts: [String: String]

    public init(texts: [String: String] = [:]) {
        self.texts = texts
    }

    /// The text for `option`'s `value`, if the printer has one that is not empty.
    public func text(of option: String, value: String) -> String? {
        guard let text = texts["\(option).\(value)"], !text.isEmpty else { return nil }
        return text
    }

    /// Reads the Apple `.strings` format cupsd writes: `"key" = "value";` pairs with `\"`, `\\`, `\n` and
    /// `\t` escapes, and `/* … */` comments. Whatever does not parse ends the reading: a printer's texts
    /// are a nicety, never a reason to fail a report.
    public init(parsing text: String) {
        var texts: [String: String] = [:]
        var scanner = Scanner(Array(text.unicodeScalars))
        while true {
            scanner.skipSpaceAndComments()
            guard let key = scanner.quoted() else { break }
            scanner.skipSpaceAndComments()
            guard scanner.take("=") else { break }
            scanner.skipSpaceAndComments()
            guard let value = scanner.quoted() else { break }
            scanner.skipSpaceAndComments()
            guard scanner.take(";") else { break }
            texts[key] = value
        }
        self.texts = texts
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        mutating func take(_ scalar: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }

        mutating func skipSpaceAndComments() {
            while index < scalars.count {
                if scalars[index].properties.isWhitespace {
                    index += 1
                } else if scalars[index] == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                    index += 2
                    while index + 1 < scalars.count, !(scalars[index] == "*" && scalars[index + 1] == "/") {
                        index += 1
                    }
                    index = min(index + 2, scalars.count)
                } else {
                    return
                }
            }
        }

        mutating func quoted() -> String? {
            guard take("\"") else { return nil }
            var text = String.UnicodeScalarView()
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\"": return String(text)
                case "\\":
                    guard index < scalars.count else { return nil }
                    let escaped = scalars[index]
                    index += 1
                    text.append(escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped)
                default: text.append(scalar)
                }
            }
            return nil
        }
    }
}
