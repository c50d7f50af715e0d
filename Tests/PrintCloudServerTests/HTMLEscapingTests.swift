import Testing

@testable import PrintCloudServer

/// What the dashboard's pages put of reported names and typed text into markup: never markup.
@Suite struct HTMLEscapingTests {
    @Test(arguments: [
        ("\"", "&quot;"), ("'", "&#39;"), ("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"),
        // A combining mark makes one Swift Character of the quote, but the browser still reads a quote.
        ("\"\u{338}", "&quot;\u{338}"), ("'\u{338}", "&#39;\u{338}"), ("<\u{338}", "&lt;\u{338}"),
        ("&\u{338}", "&amp;\u{338}"), ("Tray 1", "Tray 1"), ("Bürodrucker", "Bürodrucker"),
    ])
    func specialCharactersAreEscapedByCodePoint(_ input: String, _ expected: String) {
        #expect(HTML.escape(input) == expected)
        let page: HTML = "<input value=\"\(input)\">"
        #expect(page.text == "<input value=\"\(expected)\">")
    }

    @Test func markupWrittenInAPageStaysMarkupAndValuesAreEscaped() {
        let name = "<b>Office</b>"
        for danger in [true, false] {
            let button: HTML = "<button\(danger ? " class=\"danger\"" : "")>\(danger ? name : "Safe")</button>"
            #expect(
                button.text
                    == (danger
                        ? "<button class=\"danger\">&lt;b&gt;Office&lt;/b&gt;</button>" : "<button>Safe</button>"))
        }
        let nested: HTML = "<p>\(true ? "<i>\(name)</i>" : "")</p>"
        #expect(nested.text == "<p><i>&lt;b&gt;Office&lt;/b&gt;</i></p>", "a value inside written markup is escaped")
    }
}
