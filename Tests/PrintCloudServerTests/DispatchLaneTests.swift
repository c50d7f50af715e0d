import Testing

@testable import PrintCloudServer

/// The bookkeeping of one socket's window on one printer, without a database or a socket.
@Suite struct DispatchLaneTests {
    @Test func aReadAskedForDuringAReadIsDoneOnceMoreAfterIt() {
        var lane = DispatchLane()
        #expect(lane.beginRead())
        #expect(!lane.beginRead())
        #expect(!lane.beginRead())
        #expect(lane.take(head: ["a"], window: 4) == ["a"])
        #expect(lane.endRead())
        #expect(lane.take(head: ["a", "b"], window: 4) == ["b"])
        #expect(!lane.endRead())
        #expect(!lane.reading)
    }

    @Test func onlyAFullWindowAsksForAReadWhenAJobFinishes() {
        var lane = DispatchLane()
        _ = lane.beginRead()
        #expect(lane.take(head: ["a", "b"], window: 2) == ["a", "b"])
        _ = lane.endRead()
        #expect(lane.mayHaveMore)
        #expect(lane.finish("a"))
        #expect(lane.take(head: ["b"], window: 2) == [])
        _ = lane.endRead()
        // Fewer than the window: nothing waits in the database, so a finished job needs no read.
        #expect(!lane.finish("b"))
        #expect(!lane.finish("unknown"))
        #expect(lane.offered.isEmpty)
    }

    @Test func aHeadKeepsWhatWasOfferedAndOffersTheRestInOrder() {
        var lane = DispatchLane()
        _ = lane.beginRead()
        #expect(lane.take(head: ["a", "b", "c"], window: 3) == ["a", "b", "c"])
        // "a" finished elsewhere (deleted): the next read no longer has it and brings "d" and "e".
        #expect(lane.take(head: ["b", "c", "d"], window: 3) == ["d"])
        #expect(lane.offered == ["b", "c", "d"])
        #expect(lane.holds("c") && !lane.holds("a"))
    }
}
