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
}
