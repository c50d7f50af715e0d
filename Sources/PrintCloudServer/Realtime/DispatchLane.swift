/// The jobs one socket holds for one printer, so that a computer gets its queue a window at a time and in
/// order. The socket is always offered the oldest unfinished jobs of the printer, at most `window` of them;
/// the next goes out when one of those finishes. A job stays in the window until the client reports it
/// `completed` or `error`: with the client's one-job-at-a-time hand-off per printer, a `printing` job is
/// still the client's.
///
/// What to offer is always read from the database (the oldest unfinished jobs, in the order they were
/// accepted), never taken from the order in which in-process notices arrive: two jobs created one after the
/// other may be announced the other way round, or by another instance. Reads are coalesced: while one is
/// under way, a request for another only marks the lane dirty, and the reader reads once more.
struct DispatchLane: Sendable, Equatable {
    /// Offered on this socket and not finished, oldest first.
    private(set) var offered: [String] = []
    /// Whether the database may hold unfinished jobs of the printer that this socket was not offered; true
    /// until a read says otherwise.
    private(set) var mayHaveMore = true
    private(set) var reading = false
    private var dirty = false

    /// What to do with a job just created for this printer.
    enum Admission: Equatable {
        /// Offer it now: nothing older is waiting and the window has room (its place is taken).
        case offer
        /// Read the lane's head (the read is begun).
        case read
        /// Nothing: a read under way will find it.
        case none
    }

    /// Lets a new job straight into the window when every older unfinished job of the printer is already in it
    /// and there is room; otherwise the lane is read. Only for jobs announced in the order they were accepted.
    mutating func admit(_ jobID: String, window: Int) -> Admission {
        if !reading && !mayHaveMore && offered.count < window {
            offered.append(jobID)
            return .offer
        }
        return beginRead() ? .read : .none
    }

    /// Whether the caller should read the lane's head now; false if a read is under way (it will read again).
    mutating func beginRead() -> Bool {
        guard !reading else {
            dirty = true
            return false
        }
        reading = true
        return true
    }

    /// The ids of `head` (the printer's oldest unfinished jobs, oldest first, at most the window) not yet
    /// offered here, in order; they count as offered from now on.
    mutating func take(head: [String], window: Int) -> [String] {
        let new = head.filter { !offered.contains($0) }
        offered = head
        mayHaveMore = head.count >= window
        return new
    }

    /// Ends a read; true if the caller must read once more (something changed meanwhile).
    mutating func endRead() -> Bool {
        if dirty {
            dirty = false
            return true
        }
        reading = false
        return false
    }

    /// Forgets a finished (or deleted) job; true if the lane should be read again to fill the freed place.
    mutating func finish(_ jobID: String) -> Bool {
        guard let index = offered.firstIndex(of: jobID) else { return false }
        offered.remove(at: index)
        return mayHaveMore && beginRead()
    }

    /// Whether the job is in this lane's window.
    func holds(_ jobID: String) -> Bool { offered.contains(jobID) }
}
