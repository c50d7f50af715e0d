import Foundation
import Synchronization

/// The documents of new jobs that had to wait for room in their printer's window, kept in memory so that the
/// job goes out without reading its document back when its turn comes. Bounded: past `capacity` bytes the
/// oldest are dropped, and such a job's document is read from the database instead.
final class WaitingDocuments: Sendable {
    private struct State {
        var documents: [String: Data] = [:]
        /// Ids in the order they were kept, from `oldest` on. A taken id stays until it is passed over when
        /// dropping the oldest, or the list is compacted: taking is on the path of every job sent.
        var order: [String] = []
        var oldest = 0
        var bytes = 0

        mutating func compactIfSparse() {
            guard order.count - oldest > 2 * documents.count + 64 else { return }
            order = order[oldest...].filter { documents[$0] != nil }
            oldest = 0
        }
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
            while state.bytes > capacity, state.oldest < state.order.count {
                let id = state.order[state.oldest]
                state.oldest += 1
                state.bytes -= state.documents.removeValue(forKey: id)?.count ?? 0
            }
            state.compactIfSparse()
        }
    }

    /// The job's document if it is still kept; it is kept no longer.
    func take(_ jobID: String) -> Data? {
        state.withLock { state in
            guard let document = state.documents.removeValue(forKey: jobID) else { return nil }
            state.bytes -= document.count
            state.compactIfSparse()
            return document
        }
    }
}
