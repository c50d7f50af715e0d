/// The jobs one socket holds for one printer, so that a computer gets its queue a window at a time and in
/// order. The socket is always offered the oldest unfinished jobs of the printer, at most `window` of them;
/// the next goes out when one of those finishes. A job stays in the window until the client reports it
/// `completed` or `error`: with the client's one-job-at-a-time hand-off per printer, a `printing` job is
/// still the client's.
///
/// The truth is the database: a read of the printer's oldest unfinished jobs, in the order they were
/// accepted. Reads are coalesced: while one is under way, a request for another only marks the lane dirty,
/// and the reader reads once more. Between reads, jobs announced in the order they were accepted (one
/// instance, `JobAnnouncements`) are admitted without one: straight into the window when it has room and
/// nothing older waits, else into a short queue here that fills the window as jobs finish.
struct DispatchLane: Sendable {
    /// Offered on this socket and not finished, oldest first.
    private(set) var offered: [String] = []
    /// Jobs announced after the last read that wait for room, oldest first.
    private(set) var queued: [JobRecord] = []
    /// Whether the database may hold unfinished jobs of the printer that are neither offered nor queued
    /// here; true until a read says otherwise.
    private(set) var mayHaveMore = true
    private(set) var reading = false
    private var dirty = false

    /// How many announced jobs wait here at most; past that the database is read again when room is made.
    static let queueLimit = 64

    /// What to do with a job just created for this printer.
    enum Admission: Equatable {
        /// Offer it now: nothing older is waiting and the window has room (its place is taken).
        case offer
        /// Read the lane's head (the read is begun).
        case read
        /// Nothing now: it waits here for room, or a read under way will find it.
        case none
    }

    /// What to do once a job has left the window.
    enum Refill {
        /// Offer this job, the oldest waiting here (its place is taken).
        case offer(JobRecord)
        /// Read the lane's head (the read is begun).
        case read
    }

    /// Admits a job announced in the order of acceptance (see `Admission`).
    mutating func admit(_ job: JobRecord, window: Int) -> Admission {
        guard !reading, !mayHaveMore else { return beginRead() ? .read : .none }
        if queued.isEmpty && offered.count < window {
            offered.append(job.id)
            return .offer
        }
        if queued.count < Self.queueLimit {
            queued.append(job)
        } else {
            // Too many to keep: forget them and let the database say what comes next.
            queued = []
            mayHaveMore = true
        }
        return .none
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

    /// How many of the printer's oldest unfinished jobs a read asks for: the window and a queue's worth, so
    /// that a long queue is read once per `queueLimit` jobs, not once per job.
    static func readLimit(window: Int) -> Int { window + queueLimit }

    /// Takes a read's answer (the printer's oldest unfinished jobs, oldest first, at most `readLimit`): the
    /// first `window` are the window, the rest wait here. The jobs of the window not yet offered here, in
    /// order; they count as offered from now on.
    mutating func take(head: [JobRecord], window: Int) -> [JobRecord] {
        let inWindow = head.prefix(window)
        let new = inWindow.filter { !offered.contains($0.id) }
        offered = inWindow.map(\.id)
        queued = Array(head.dropFirst(window))
        mayHaveMore = head.count >= Self.readLimit(window: window)
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

    /// Forgets a finished (or deleted) job; what fills the freed place, if anything must be done.
    mutating func finish(_ jobID: String) -> Refill? {
        if let index = queued.firstIndex(where: { $0.id == jobID }) {
            queued.remove(at: index)
            return nil
        }
        guard let index = offered.firstIndex(of: jobID) else { return nil }
        offered.remove(at: index)
        if reading {
            dirty = true
            return nil
        }
        if !queued.isEmpty {
            let next = queued.removeFirst()
            offered.append(next.id)
            return .offer(next)
        }
        return mayHaveMore && beginRead() ? .read : nil
    }

    /// Whether the job is in this lane's window or waits in its queue.
    func holds(_ jobID: String) -> Bool {
        offered.contains(jobID) || queued.contains { $0.id == jobID }
    }
}
