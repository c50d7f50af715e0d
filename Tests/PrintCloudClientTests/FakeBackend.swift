import Foundation
import PrintCloudClient
import PrintCloudProtocol

/// A printer backend in memory: records what it is given, and ends jobs as the test says.
actor FakeBackend: PrinterBackend {
    struct Submission: Equatable {
        let id: Int
        let printer: String
        let jobName: String
        let document: Data
        let options: PrintOptions
        let raw: Bool
    }

    var submissions: [Submission] = []
    var statuses: [Int: BackendJobStatus] = [:]
    var cancelled: [Int] = []
    /// What a new job's status is.
    var outcome: BackendJobStatus = .completed
    var refusal: String?
    var reported: [PrinterReport] = [PrinterReport(name: "Office", isDefault: true)]
    private var nextID = 1

    func setOutcome(_ outcome: BackendJobStatus) { self.outcome = outcome }
    func setRefusal(_ refusal: String?) { self.refusal = refusal }

    /// Every job handed over so far has printed.
    func finishAll() {
        for id in statuses.keys { statuses[id] = .completed }
    }

    /// A job a crashed run left at the printer.
    func addExisting(name: String, printer: String = "Office") {
        submissions.append(
            Submission(id: nextID, printer: printer, jobName: name, document: Data(), options: .init(), raw: false))
        statuses[nextID] = .completed
        nextID += 1
    }

    func printers() async throws -> [PrinterReport] { reported }

    func submit(file: URL, printer: String, jobName: String, options: PrintOptions, raw: Bool) async throws -> Int {
        if let refusal { throw PrinterError(refusal) }
        let id = nextID
        nextID += 1
        submissions.append(
            Submission(
                id: id, printer: printer, jobName: jobName, document: try Data(contentsOf: file), options: options,
                raw: raw))
        statuses[id] = outcome
        return id
    }

    func status(ofJob id: Int, printer: String) async throws -> BackendJobStatus {
        statuses[id] ?? .failed("no job \(id)")
    }

    func jobs(named fragment: String, printer: String) async throws -> [Int] {
        submissions.filter { $0.printer == printer && $0.jobName.contains(fragment) }.map(\.id)
    }

    func cancel(job id: Int, printer: String) async throws {
        cancelled.append(id)
    }
}

/// What a runner reported, in order.
actor Reports {
    var states: [(JobState, String?)] = []
    func add(_ state: JobState, _ message: String?) { states.append((state, message)) }
    var names: [JobState] { states.map(\.0) }
}
