import Foundation

/// A test hook, not a feature: the hand-off steps at which the client can be made to die as a crash would
/// kill it, so that tests can prove a restarted client still prints each job exactly `qty` times.
/// `PRINTCLOUD_CLIENT_FAULT=<step>` makes the client `SIGKILL` itself the first time it reaches that step;
/// unset, every step is a no-op.
public struct FaultPoint: Sendable {
    /// The hand-off steps of one copy, in the order they are reached.
    public enum Step: String, Sendable, CaseIterable {
        /// The ledger has begun the job; the print-system job does not exist yet.
        case beforeCreate = "before-create"
        /// The print-system job exists; the ledger does not know it.
        case afterCreate = "after-create"
        /// Half of the document has reached the print system; the rest never will.
        case midDocument = "mid-document"
        /// The document is complete at the print system; the ledger still has the job as pending.
        case afterDocument = "after-document"
        /// The ledger has every copy as delivered; `printing` is not reported yet.
        case afterHandover = "after-handover"
    }

    public static let variable = "PRINTCLOUD_CLIENT_FAULT"

    /// No fault anywhere: what production runs with.
    public static let none = FaultPoint(step: nil)

    public let step: Step?
    let action: @Sendable (Step) throws -> Void

    /// Fails at `step` with `action`; the default kills the process at once, with no chance to clean up.
    public init(step: Step?, action: @escaping @Sendable (Step) throws -> Void = { _ in kill(getpid(), SIGKILL) }) {
        self.step = step
        self.action = action
    }

    /// The fault `PRINTCLOUD_CLIENT_FAULT` names (`.none` when it is unset or empty); nil when it names no
    /// step, so that a misspelt hook fails loudly instead of letting a crash test pass without a crash.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> FaultPoint?
    {
        guard let name = environment[variable], !name.isEmpty else { return FaultPoint.none }
        return Step(rawValue: name).map { FaultPoint(step: $0) }
    }

    /// Called by the hand-off as it passes `step`.
    public func reach(_ step: Step) throws {
        if step == self.step { try action(step) }
    }
}
