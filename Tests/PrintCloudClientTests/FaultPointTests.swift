import PrintCloudClient
import Testing

@testable import PrintCloudClient

/// The crash-test hook and the runner's polling pace.
@Suite struct FaultPointTests {
    @Test func theVariableNamesOneStepOrNone() throws {
        #expect(FaultPoint.fromEnvironment([:])?.step == nil)
        #expect(FaultPoint.fromEnvironment(["PRINTCLOUD_CLIENT_FAULT": ""])?.step == nil)
        for step in FaultPoint.Step.allCases {
            #expect(FaultPoint.fromEnvironment(["PRINTCLOUD_CLIENT_FAULT": step.rawValue])?.step == step)
        }
        #expect(FaultPoint.fromEnvironment(["PRINTCLOUD_CLIENT_FAULT": "mid-documnet"]) == nil)
        #expect(
            FaultPoint.Step.allCases.map(\.rawValue) == [
                "before-create", "after-create", "mid-document", "after-document", "after-handover",
            ])
    }

    @Test func onlyTheNamedStepFails() throws {
        let faults = FaultPoint(step: .afterCreate) { _ in throw CancellationError() }
        try faults.reach(.beforeCreate)
        #expect(throws: CancellationError.self) { try faults.reach(.afterCreate) }
        try FaultPoint.none.reach(.afterCreate)
    }

    @Test func pollingStartsAtTenMillisecondsAndDoublesUpToTheInterval() {
        var schedule = PollSchedule(ceiling: .milliseconds(500))
        let delays = (0..<8).map { _ in schedule.nextDelay() }
        #expect(delays == [10, 20, 40, 80, 160, 320, 500, 500].map { Duration.milliseconds($0) })
        var short = PollSchedule(ceiling: .milliseconds(5))
        #expect(short.nextDelay() == .milliseconds(5))
    }
}
