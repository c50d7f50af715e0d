import Foundation
import PrintCloudClient
import PrintCloudProtocol

/// A printer backend in memory that behaves as cupsd was seen to: a created job waits, held, for its
/// document; a document cut off leaves it with none. It records what it is given, ends jobs as the test
/// says, and counts per printer the jobs handed over and not yet seen to end by the runner.
actor FakeBackend: PrinterBackend {
    struct Job: Equatable {
        let id: Int
        let printer: String
        let jobName: String
        let options: PrintOptions
        let raw: Bool
        /// Nil until the whole document has arrived.
        var document: Data?
    }

    /// Every job created, in order.
    var created: [Job] = []
    var statuses: [Int: BackendJobStatus] = [:]
    var cancelled: [Int] = []
    /// Jobs dropped from the print system's history: not found any more.
    var forgotten: Set<Int> = []
    /// What a job's status is once its document has arrived.
    var outcome: BackendJobStatus = .completed
    var refusal: String?
    var documentRefusal: String?
    var faults: FaultPoint = .none
    var reported: [PrinterReport] = [PrinterReport(name: "Office", isDefault: true)]
    /// Per printer, the most jobs that were ever created and not yet seen to end at once.
    var peakInFlight: [String: Int] = [:]
    private var inFlight: [String: Set<Int>] = [:]
    private var nextID = 1

    /// The jobs that got their whole document.
    var submissions: [Job] { created.filter { $0.document != nil } }
    /// The copies that print: a whole document, never cancelled.
    var printed: [Job] { submissions.filter { !cancelled.contains($0.id) } }

    func setOutcome(_ outcome: BackendJobStatus) { self.outcome = outcome }
    func setRefusal(_ refusal: String?) { self.refusal = refusal }
    func setDocumentRefusal(_ refusal: String?) { documentRefusal = refusal }
    func setFaults(_ faults: FaultPoint) { self.faults = faults }
    func forget(_ id: Int) { forgotten.insert(id) }

    /// Every job handed over so far has printed.
    func finishAll() {
        for (id, status) in statuses where status == .printing { statuses[id] = .completed }
    }

    /// A job a crashed run left at the printer, with its document (then in the state `outcome` says) or
    /// without (waiting for it).
    @discardableResult
    func addExisting(name: String, document: Data?, printer: String = "Office") -> Int {
        created.append(
            Job(id: nextID, printer: printer, jobName: name, options: .init(), raw: false, document: document))
        statuses[nextID] = document == nil ? .waiting : outcome
        nextID += 1
        return nextID - 1
    }

    func printers() async throws -> [PrinterReport] { reported }

    func createJob(printer: String, jobName: String, options: PrintOptions, raw: Bool) async throws -> Int {
        if let refusal { throw PrinterError(refusal) }
        let id = nextID
        nextID += 1
        created.append(Job(id: id, printer: printer, jobName: jobName, options: options, raw: raw))
        statuses[id] = .waiting
        inFlight[printer, default: []].insert(id)
        peakInFlight[printer] = max(peakInFlight[printer] ?? 0, inFlight[printer]!.count)
        return id
    }

    func sendDocument(_ file: URL, toJob id: Int, printer: String, raw: Bool) async throws {
        if let documentRefusal { throw PrinterError(documentRefusal) }
        let document = try Data(contentsOf: file)
        try faults.reach(.midDocument)
        guard let index = created.firstIndex(where: { $0.id == id }) else { throw PrinterError("no job \(id)") }
        created[index].document = document
        statuses[id] = outcome
    }

    func status(ofJob id: Int, printer: String) async throws -> BackendJobStatus {
        let status =
            if forgotten.contains(id) { BackendJobStatus.notFound } else { statuses[id] ?? .notFound }
        switch status {
        case .waiting, .printing: break
        case .completed, .failed, .notFound: inFlight[printer]?.remove(id)
        }
        return status
    }

    func documents(ofJob id: Int, printer: String) async throws -> Int? {
        guard !forgotten.contains(id), let job = created.first(where: { $0.id == id }) else { return nil }
        return job.document == nil ? 0 : 1
    }

    func jobs(named fragment: String, printer: String) async throws -> [Int] {
        created.filter { job in
            guard job.printer == printer, job.jobName.contains(fragment), !forgotten.contains(job.id) else {
                return false
            }
            return statuses[job.id] == .waiting || statuses[job.id] == .printing
        }.map(\.id)
    }

    func cancel(job id: Int, printer: String) async throws {
        cancelled.append(id)
        switch statuses[id] {
        case .waiting, .printing: statuses[id] = .failed("canceled at the printer")
        default: break
        }
    }
}

/// What a runner reported, in order.
actor Reports {
    var states: [(JobState, String?)] = []
    func add(_ state: JobState, _ message: String?) { states.append((state, message)) }
    var names: [JobState] { states.map(\.0) }
}
