import PrintCloudClient
import Testing

/// The crash-test hook: which step the variable names, and that only that step fails.
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
}
