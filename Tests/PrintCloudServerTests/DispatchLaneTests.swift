import Foundation
import PrintCloudProtocol
import Testing

@testable import PrintCloudServer

/// The bookkeeping of one socket's window on one printer, without a database or a socket.
@Suite struct DispatchLaneTests {
    static func job(_ id: String) -> JobRecord {
        let now = Date()
        return JobRecord(
            id: id, accountID: "acc", printerID: "prn", computerID: "cmp", printerName: "Zebra", title: "t",
            contentType: .rawBase64, contentSize: 1, qty: 1, options: PrintOptions(), state: .pending,
            stateMessage: nil, createdAt: now, updatedAt: now)
    }

    static func jobs(_ ids: [String]) -> [JobRecord] { ids.map(job) }

    @Test func aReadAskedForDuringAReadIsDoneOnceMoreAfterIt() {
        var lane = DispatchLane()
        let first = lane.beginRead()
        let second = lane.beginRead()
        #expect(first && !second)
        let head = lane.take(head: Self.jobs(["a"]), window: 4).map(\.id)
        #expect(head == ["a"])
        let again = lane.endRead()
        #expect(again)
        let next = lane.take(head: Self.jobs(["a", "b"]), window: 4).map(\.id)
        #expect(next == ["b"])
        let done = lane.endRead()
        #expect(!done && !lane.reading)
    }

    @Test func aNewJobGoesStraightInWhenNothingOlderWaitsElseItWaitsInOrder() {
        var lane = DispatchLane()
        // A lane never read may have older jobs waiting in the database.
        let unknown = lane.admit(Self.job("a"), window: 2)
        #expect(unknown == .read)
        _ = lane.take(head: Self.jobs(["a"]), window: 2).map(\.id)
        _ = lane.endRead()
        let room = lane.admit(Self.job("b"), window: 2)
        let full = lane.admit(Self.job("c"), window: 2)
        let fuller = lane.admit(Self.job("d"), window: 2)
        #expect(room == .offer && full == .none && fuller == .none)
        #expect(lane.offered == ["a", "b"])
        #expect(lane.queued.map(\.id) == ["c", "d"])

        // A finished job makes room for the oldest waiting one, with no read.
        guard case .offer(let next) = lane.finish("a") else {
            Issue.record("expected the next job to be offered")
            return
        }
        #expect(next.id == "c")
        #expect(lane.offered == ["b", "c"])
        // A waiting job deleted leaves the queue and frees no place.
        #expect(lane.finish("d") == nil)
        #expect(lane.finish("b") == nil)
        #expect(lane.finish("unknown") == nil)
        #expect(lane.offered == ["c"] && lane.queued.isEmpty)
    }

    @Test func aReadBringsTheWindowAndAQueueAndReadsAgainOnlyWhenTheQueueIsSpent() {
        var lane = DispatchLane()
        let limit = DispatchLane.readLimit(window: 2)
        _ = lane.beginRead()
        let head = lane.take(head: Self.jobs((0..<limit).map { "j\($0)" }), window: 2).map(\.id)
        _ = lane.endRead()
        #expect(head == ["j0", "j1"])
        #expect(lane.queued.count == limit - 2 && lane.mayHaveMore)
        // While the database may hold more, a new job is not taken on trust.
        let admitted = lane.admit(Self.job("new"), window: 2)
        #expect(admitted == .read)
        _ = lane.take(head: Self.jobs((0..<limit).map { "j\($0)" }), window: 2)
        _ = lane.endRead()
        // The queue read with the window fills it, job by job, without another read.
        for index in 0..<(limit - 2) {
            guard case .offer(let next) = lane.finish("j\(index)") else {
                Issue.record("expected j\(index + 2) from the queue")
                return
            }
            #expect(next.id == "j\(index + 2)")
        }
        guard case .read = lane.finish("j\(limit - 2)") else {
            Issue.record("expected a read once the queue is spent")
            return
        }
    }

    @Test func tooManyWaitingJobsAreLeftToTheDatabase() {
        var lane = DispatchLane()
        _ = lane.beginRead()
        _ = lane.take(head: Self.jobs([]), window: 1).map(\.id)
        _ = lane.endRead()
        #expect(lane.admit(Self.job("first"), window: 1) == .offer)
        for index in 0..<DispatchLane.queueLimit { _ = lane.admit(Self.job("\(index)"), window: 1) }
        #expect(lane.queued.count == DispatchLane.queueLimit)
        _ = lane.admit(Self.job("one too many"), window: 1)
        #expect(lane.queued.isEmpty && lane.mayHaveMore)
        guard case .read = lane.finish("first") else {
            Issue.record("expected a read")
            return
        }
    }
}
