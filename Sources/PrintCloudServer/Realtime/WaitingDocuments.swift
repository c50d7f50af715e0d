import Foundation
import Synchronization

/// The documents of new jobs that had to wait for room in their printer's window, kept in memory so that the
/// job goes out without reading its document back when its turn comes. Bounded: past `capacity` bytes the
/// oldest are dropped, and such a job's document is read from the database instead.
final class WaitingDocuments: Sendable {
    private struct State {
        var documents: [String: Data] = [:]
        var order: [String] = []
        var bytes = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func keep(_ document: Data, for jobID: String) {
        guard document.count <= capacity else { return }
        state.withLock { state in
            guard state.documents.updateValue(document, forKey: jobID) == nil else { return }
            state.order.append(jobID)
            state.bytes += document.count
            while state.bytes > capacity, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.bytes -= state.documents.removeValue(forKey: oldest)?.count ?? 0
            }
        }
    }

    /// The job's document if it is still kept; it is kept no longer.
    func take(_ jobID: String) -> Data? {
        state.withLock { state in
            guard let document = state.documents.removeValue(forKey: jobID) else { return nil }
            state.bytes -= document.count
            if let index = state.order.firstIndex(of: jobID) { state.order.remove(at: index) }
            return document
        }
    }
}
