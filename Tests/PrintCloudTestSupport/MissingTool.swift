import Foundation
import Testing

/// A test needs what is not installed here: a failure in CI, where `scripts/test` installs it, and a printed skip
/// elsewhere.
public func recordMissing(_ reason: String) {
    if ProcessInfo.processInfo.environment["CI"] != nil {
        Issue.record(Comment(rawValue: reason))
    } else {
        print("skipping: \(reason)")
    }
}
