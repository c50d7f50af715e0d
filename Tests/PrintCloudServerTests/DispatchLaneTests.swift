import Testing

@testable import PrintCloudServer

/// The bookkeeping of one socket's window on one printer, without a database or a socket.
@Suite struct DispatchLaneTests {
    @Test func aReadAskedForDuringAReadIsDoneOnceMoreAfterIt() {
        var lane = DispatchLane()
        let step1 = lane.beginRead()
        #expect(step1)
        let step2 = lane.beginRead()
        #expect(!step2)
        let step3 = lane.beginRead()
        #expect(!step3)
        let step4 = lane.take(head: ["a"], window: 4)
        #expect(step4 == ["a"])
        let step5 = lane.endRead()
        #expect(step5)
        let step6 = lane.take(head: ["a", "b"], window: 4)
        #expect(step6 == ["b"])
        let step7 = lane.endRead()
        #expect(!step7)
        #expect(!lane.reading)
    }

    @Test func onlyAFullWindowAsksForAReadWhenAJobFinishes() {
        var lane = DispatchLane()
        _ = lane.beginRead()
        let step8 = lane.take(head: ["a", "b"], window: 2)
        #expect(step8 == ["a", "b"])
        _ = lane.endRead()
        #expect(lane.mayHaveMore)
        let step9 = lane.finish("a")
        #expect(step9)
        let step10 = lane.take(head: ["b"], window: 2)
        #expect(step10 == [])
        _ = lane.endRead()
        // Fewer than the window: nothing waits in the database, so a finished job needs no read.
        let step11 = lane.finish("b")
        #expect(!step11)
        let step12 = lane.finish("unknown")
        #expect(!step12)
        #expect(lane.offered.isEmpty)
    }

    @Test func aHeadKeepsWhatWasOfferedAndOffersTheRestInOrder() {
        var lane = DispatchLane()
        _ = lane.beginRead()
        let step13 = lane.take(head: ["a", "b", "c"], window: 3)
        #expect(step13 == ["a", "b", "c"])
        // "a" finished elsewhere (deleted): the next read no longer has it and brings "d" and "e".
        let step14 = lane.take(head: ["b", "c", "d"], window: 3)
        #expect(step14 == ["d"])
        #expect(lane.offered == ["b", "c", "d"])
        #expect(lane.holds("c") && !lane.holds("a"))
    }

    @Test func aNewJobGoesStraightInOnlyWhenNothingOlderWaitsAndThereIsRoom() {
        var lane = DispatchLane()
        // A lane never read may have older jobs waiting in the database.
        let unknown = lane.admit("a", window: 2)
        #expect(unknown == .read)
        _ = lane.take(head: ["a"], window: 2)
        _ = lane.endRead()
        let room = lane.admit("b", window: 2)
        #expect(room == .offer)
        let full = lane.admit("c", window: 2)
        #expect(full == .read)
        let duringRead = lane.admit("d", window: 2)
        #expect(duringRead == .none)
        #expect(lane.offered == ["a", "b"])
    }
}
