import Foundation
import Testing

@testable import PrintCloudServer

@Suite struct EventPayloadTests {
    @Test func thePayloadIsWhatJSONEncoderWritesWithSortedKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let samples: [[String: String]] = [
            [:],
            ["type": "job.state", "jobId": "job_abc", "state": "completed", "timestamp": "2026-12-02T06:45:01.659Z"],
            ["b": "quote \" backslash \\ slash /", "a": "tab\t newline\n return\r", "c": "\u{0}\u{1}\u{8}\u{C}\u{1F}"],
            ["é": "naïve ✓ 🖨️", "Z": "upper first", "z": "\u{7F} \u{2028}"],
        ]
        for fields in samples {
            #expect(EventPayload.json(fields) == String(decoding: try encoder.encode(fields), as: UTF8.self))
        }
    }
}
