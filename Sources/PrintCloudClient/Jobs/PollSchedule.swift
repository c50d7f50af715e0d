/// How long the runner waits before each look at a job it handed over: 10 ms first, since CUPS finishes
/// a small raw job in about that, then twice as long each time up to `ceiling`, so that a serial queue of
/// small jobs drains at the printer's speed while a long print costs a poll every `ceiling`.
struct PollSchedule: Sendable {
    let ceiling: Duration
    private var next: Duration

    init(ceiling: Duration, first: Duration = .milliseconds(10)) {
        self.ceiling = ceiling
        self.next = min(first, ceiling)
    }

    mutating func nextDelay() -> Duration {
        defer { next = min(next * 2, ceiling) }
        return next
    }
}
