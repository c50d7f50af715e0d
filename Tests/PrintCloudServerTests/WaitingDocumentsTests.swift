import Foundation
import Testing

@testable import PrintCloudServer

@Suite struct WaitingDocumentsTests {
    @Test func aDocumentIsTakenOnceAndTheOldestGoFirstPastTheCapacity() {
        let documents = WaitingDocuments(capacity: 10)
        documents.keep(Data(repeating: 1, count: 4), for: "a")
        documents.keep(Data(repeating: 2, count: 4), for: "b")
        #expect(documents.take("a") == Data(repeating: 1, count: 4))
        #expect(documents.take("a") == nil)
        // "a" was taken, so only "b" (4) and "c" (4) are held: within the capacity.
        documents.keep(Data(repeating: 3, count: 4), for: "c")
        #expect(documents.take("b") == Data(repeating: 2, count: 4))
        documents.keep(Data(repeating: 4, count: 4), for: "d")
        // "c" + "d" + "e" is 12 bytes: "c", the oldest still held, is dropped.
        documents.keep(Data(repeating: 5, count: 4), for: "e")
        #expect(documents.take("c") == nil)
        #expect(documents.take("d") == Data(repeating: 4, count: 4))
        #expect(documents.take("e") == Data(repeating: 5, count: 4))
        documents.keep(Data(repeating: 6, count: 11), for: "too large")
        #expect(documents.take("too large") == nil)
    }

    @Test func manyTakenDocumentsLeaveNothingBehind() {
        let documents = WaitingDocuments(capacity: 1 << 20)
        for index in 0..<10_000 {
            documents.keep(Data([UInt8(truncatingIfNeeded: index)]), for: "\(index)")
            #expect(documents.take("\(index)") == Data([UInt8(truncatingIfNeeded: index)]))
        }
        documents.keep(Data([1]), for: "last")
        #expect(documents.take("last") == Data([1]))
    }
}
