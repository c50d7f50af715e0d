import CCUPS
import Foundation
import NIOPosix
import PrintCloudProtocol

/// Jobs at CUPS: created empty, given their document, asked about one by one, cancelled.
extension CUPSBackend {
    public func createJob(printer: String, jobName: String, options: PrintOptions, raw: Bool) async throws -> Int {
        try await NIOThreadPool.singleton.runIfActive {
            if let refusal = Self.refusal(of: printer) { throw PrinterError(refusal) }
            var cupsOptions: UnsafeMutablePointer<cups_option_t>?
            var count: Int32 = 0
            // Only a paper or tray needs the printer's names, which cost a few more requests to cupsd.
            let vocabulary = options.paper == nil && options.media == nil ? nil : Self.vocabulary(ofPrinter: printer)
            for (name, value) in CUPSOptions.mapped(options, raw: raw, vocabulary: vocabulary) {
                count = cupsAddOption(name, value, count, &cupsOptions)
            }
            defer { cupsFreeOptions(count, cupsOptions) }
            let id = cupsCreateJob(nil, printer, jobName, count, cupsOptions)
            guard id > 0 else { throw PrinterError("CUPS refused the job: \(String(cString: cupsLastErrorString()))") }
            return Int(id)
        }
    }

    public func sendDocument(_ file: URL, toJob id: Int, printer: String, raw: Bool) async throws {
        let faults = self.faults
        try await NIOThreadPool.singleton.runIfActive {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            // A connection of its own, closed whatever happens: a document cut short leaves the connection
            // in the middle of a request, which must not be the thread's default connection used next.
            guard let http = httpConnect2(cupsServer(), ippPort(), nil, AF_UNSPEC, cupsEncryption(), 1, 30_000, nil)
            else { throw PrinterError("cannot reach CUPS: \(String(cString: cupsLastErrorString()))") }
            defer { httpClose(http) }
            let format = raw ? CUPS_FORMAT_RAW : CUPS_FORMAT_AUTO
            guard cupsStartDocument(http, printer, Int32(id), "document", format, 1) == HTTP_STATUS_CONTINUE else {
                throw PrinterError("CUPS refused the document: \(String(cString: cupsLastErrorString()))")
            }
            var written: UInt64 = 0
            var halfway = false
            while written < size {
                // The first chunk ends at the middle, where the mid-document fault cuts the upload.
                let limit = halfway ? size - written : max(size / 2, 1) - written
                guard let chunk = try handle.read(upToCount: Int(min(limit, 1 << 16))), !chunk.isEmpty else { break }
                let status = chunk.withUnsafeBytes { bytes in
                    cupsWriteRequestData(http, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), chunk.count)
                }
                guard status == HTTP_STATUS_CONTINUE else {
                    throw PrinterError("CUPS stopped taking the document: \(String(cString: cupsLastErrorString()))")
                }
                written += UInt64(chunk.count)
                if !halfway, written >= max(size / 2, 1) {
                    halfway = true
                    // Out of libcups' buffer and onto the socket, so that the print system really has half.
                    _ = httpFlushWrite(http)
                    try faults.reach(.midDocument)
                }
            }
            let finished = cupsFinishDocument(http, printer)
            guard Self.succeeded(finished) else {
                throw PrinterError("CUPS did not take the document: \(String(cString: cupsLastErrorString()))")
            }
        }
    }

    public func status(ofJob id: Int, printer: String) async throws -> BackendJobStatus {
        try await NIOThreadPool.singleton.runIfActive {
            guard let job = try Self.job(id: id, printer: printer) else { return .notFound }
            switch job.state {
            case IPP_JSTATE_COMPLETED: return .completed
            case IPP_JSTATE_CANCELED: return .failed("canceled at the printer")
            case IPP_JSTATE_ABORTED: return .failed(Self.withMessage("aborted by the printer", of: printer))
            case IPP_JSTATE_PROCESSING: return .printing
            default:
                // A queued job on a stopped or refusing printer would wait forever.
                if let refusal = Self.refusal(of: printer) { return .failed(refusal) }
                return .waiting
            }
        }
    }

    public func documents(ofJob id: Int, printer: String) async throws -> Int? {
        try await NIOThreadPool.singleton.runIfActive { try Self.job(id: id, printer: printer)?.documents }
    }

    public func jobs(named fragment: String, printer: String) async throws -> [Int] {
        try await NIOThreadPool.singleton.runIfActive {
            var jobs: UnsafeMutablePointer<cups_job_t>?
            // Unfinished jobs only: what a crash leaves behind is unfinished, and the list of finished ones is
            // capped and purged (MaxJobs), so it cannot be relied on anyway.
            let count = cupsGetJobs2(nil, &jobs, printer, 0, CUPS_WHICHJOBS_ACTIVE)
            defer { cupsFreeJobs(count, jobs) }
            guard count > 0, let jobs else { return [] }
            return (0..<Int(count)).compactMap { index in
                let job = jobs[index]
                guard let title = job.title, String(cString: title).contains(fragment) else { return nil }
                return Int(job.id)
            }.sorted()
        }
    }

    public func cancel(job id: Int, printer: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            _ = cupsCancelJob2(nil, printer, Int32(id), 0)
        }
    }

    // MARK: - libcups, on the calling thread

    /// IPP's successful-ok family (0x0000–0x00ff); libcups' own failures are negative.
    private static func succeeded(_ status: ipp_status_t) -> Bool {
        (IPP_STATUS_OK.rawValue...IPP_STATUS_OK_EVENTS_COMPLETE.rawValue).contains(status.rawValue)
    }

    /// One job's state and document count (IPP Get-Job-Attributes; cupsd says `number-of-documents`), or
    /// nil when CUPS does not know the job. Asking for the one job keeps each poll cheap whatever the
    /// history, and does not depend on the job still being in a listing cupsd caps at 500.
    private static func job(id: Int, printer: String) throws -> (state: ipp_jstate_t, documents: Int)? {
        guard
            let request = request(
                IPP_OP_GET_JOB_ATTRIBUTES, printer: printer, asking: ["job-state", "number-of-documents"])
        else { throw PrinterError("out of memory") }
        ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", Int32(id))
        let response = cupsDoRequest(nil, request, "/")
        defer { ippDelete(response) }
        let status = cupsLastError()
        if status == IPP_STATUS_ERROR_NOT_FOUND { return nil }
        guard let response, succeeded(status) else {
            throw PrinterError("CUPS did not say how job \(id) stands: \(String(cString: cupsLastErrorString()))")
        }
        guard let state = ippFindAttribute(response, "job-state", IPP_TAG_ENUM) else {
            throw PrinterError("CUPS did not say how job \(id) stands")
        }
        let documents = ippFindAttribute(response, "number-of-documents", IPP_TAG_INTEGER).map {
            Int(ippGetInteger($0, 0))
        }
        return (ipp_jstate_t(rawValue: UInt32(ippGetInteger(state, 0))), documents ?? 0)
    }
}
