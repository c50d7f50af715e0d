import Testing

@testable import PrintCloudClient

/// How soon the runner looks again at a job it handed over.
@Suite struct PollScheduleTests {
    @Test func pollingStartsAtTenMillisecondsAndDoublesUpToTheInterval() {
        var schedule = PollSchedule(ceiling: .milliseconds(500))
        let delays = (0..<8).map { _ in schedule.nextDelay() }
        #expect(delays == [10, 20, 40, 80, 160, 320, 500, 500].map { Duration.milliseconds($0) })
        var short = PollSchedule(ceiling: .milliseconds(5))
        #expect(short.nextDelay() == .milliseconds(5))
    }
}
