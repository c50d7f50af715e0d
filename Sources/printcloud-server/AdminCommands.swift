import ArgumentParser
import Foundation
import PrintCloudProtocol
import PrintCloudServer

/// `printcloud-server jobs …`: print jobs of every account, read from the database.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Look at print jobs of every account, and retry failed ones.",
        subcommands: [List.self, Show.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the newest print jobs.")

        @Option(help: "Only jobs in this state: pending, sent, printing, completed or error.")
        var state: JobState?

        @Option(help: "How many jobs, newest first.")
        var limit = 50

        @Flag(help: "Print one JSON array instead of a table.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be 1 to 10000") }
        }

        func run() async throws {
            let jobs = try await database.withAdministration { try await $0.jobs(state: state, limit: limit) }
            if json { return try printJSON(jobs.map(JobLine.init)) }
            var table = Table(headers: ["ID", "STATE", "CREATED", "ACCOUNT", "PRINTER", "TITLE"])
            table.rows = jobs.map {
                [$0.id, $0.state.rawValue, timestamp($0.createdAt), $0.accountID, $0.printerName, $0.title]
            }
            table.print()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one print job and its history.")

        @Argument(help: "The job's id (pj_…).")
        var id: String

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let (job, history) = try await database.withAdministration({ try await $0.job(id: id) }) else {
                throw NotFound(message: "no print job \(id)")
            }
            if json { return try printJSON(JobDetail(job: JobLine(job), history: history.map(StepLine.init))) }
            let line = JobLine(job)
            for (name, value) in [
                ("id", line.id), ("account", line.accountId), ("printer", "\(line.printerName) (\(line.printerId))"),
                ("computer", line.computerId), ("title", line.title), ("state", line.state),
                ("message", line.message ?? "-"), ("created", line.createdAt), ("updated", line.updatedAt),
            ] {
                writeLine(name.padding(toLength: 10, withPad: " ", startingAt: 0) + value)
            }
            writeLine("")
            var table = Table(headers: ["AT", "STATE", "MESSAGE"])
            table.rows = history.map { [timestamp($0.at), $0.state.rawValue, $0.message ?? ""] }
            table.print()
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a job that ended in error again, as a new job.",
            discussion: """
                The new job has the same account, printer, document, options and copies, and "(retry)" after \
                its title; the failed one keeps its history. A running server sends it to the computer within its \
                --queue-sweep-interval. Prints the new job's id.
                """)

        @Argument(help: "The failed job's id (pj_…).")
        var id: String

        @Flag(help: "Print the new job as one JSON object.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let job = try await database.withAdministration({ try await $0.retry(id: id) }) else {
                throw NotFound(message: "no print job \(id)")
            }
            if json { return try printJSON(JobLine(job)) }
            writeLine(job.id)
        }
    }

    struct JobLine: Encodable {
        var id, accountId, printerId, printerName, computerId, title, state, createdAt, updatedAt: String
        var message: String?

        init(_ job: JobRecord) {
            (id, accountId, printerId, printerName, computerId, title) = (
                job.id, job.accountID, job.printerID, job.printerName, job.computerID, job.title
            )
            (state, message, createdAt, updatedAt) = (
                job.state.rawValue, job.stateMessage, timestamp(job.createdAt), timestamp(job.updatedAt)
            )
        }
    }

    struct StepLine: Encodable {
        var state, at: String
        var message: String?

        init(_ step: JobStateChange) {
            (state, at, message) = (step.state.rawValue, timestamp(step.at), step.message)
        }
    }

    struct JobDetail: Encodable {
        var job: JobLine
        var history: [StepLine]
    }
}

/// `printcloud-server computers list`: desktop clients of every account.
struct ComputersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "computers", abstract: "Look at the computers of every account.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every computer and whether it is online.")

        @Flag(help: "Print one JSON array instead of a table.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        struct Line: Encodable {
            var id, accountId, name, state, lastSeenAt, clientVersion: String
        }

        func run() async throws {
            let lines = try await database.withAdministration { try await $0.computers() }.map {
                Line(
                    id: $0.id, accountId: $0.accountID, name: $0.name, state: $0.state.rawValue,
                    lastSeenAt: timestamp($0.lastSeenAt), clientVersion: $0.clientVersion)
            }
            if json { return try printJSON(lines) }
            var table = Table(headers: ["ID", "STATE", "LAST SEEN", "ACCOUNT", "VERSION", "NAME"])
            table.rows = lines.map { [$0.id, $0.state, $0.lastSeenAt, $0.accountId, $0.clientVersion, $0.name] }
            table.print()
        }
    }
}

/// `printcloud-server webhooks deliveries`: the webhook outbox of every account.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Look at webhook deliveries of every account.",
        subcommands: [Deliveries.self])

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the newest webhook deliveries.")

        @Flag(help: "Only deliveries given up on, or failing and retried.")
        var failed = false

        @Option(help: "How many deliveries, newest first.")
        var limit = 50

        @Flag(help: "Print one JSON array instead of a table.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        struct Line: Encodable {
            var id, webhookId, event, status, createdAt, nextAttemptAt: String
            var attempts: Int
            var lastStatusCode: Int?
            var lastError: String?
        }

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be 1 to 10000") }
        }

        func run() async throws {
            let deliveries = try await database.withAdministration {
                try await $0.deliveries(failedOnly: failed, limit: limit)
            }
            let lines = deliveries.map {
                Line(
                    id: $0.id, webhookId: $0.webhookID, event: $0.eventType, status: $0.status.rawValue,
                    createdAt: timestamp($0.createdAt), nextAttemptAt: timestamp($0.nextAttemptAt),
                    attempts: $0.attempts,
                    lastStatusCode: $0.lastStatusCode, lastError: $0.lastError)
            }
            if json { return try printJSON(lines) }
            var table = Table(headers: ["ID", "STATUS", "ATTEMPTS", "CREATED", "WEBHOOK", "EVENT", "LAST ANSWER"])
            table.rows = lines.map {
                [
                    $0.id, $0.status, String($0.attempts), $0.createdAt, $0.webhookId, $0.event,
                    $0.lastError ?? $0.lastStatusCode.map(String.init) ?? "",
                ]
            }
            table.print()
        }
    }
}

extension DatabaseOptions {
    /// Opens the database for `body` and closes it after.
    func withAdministration<T: Sendable>(_ body: @Sendable (Administration) async throws -> T) async throws -> T {
        try await Storage.withOpen(location, logger: makeLogger()) { try await body(Administration(storage: $0)) }
    }
}

extension JobState: ExpressibleByArgument {}

/// Exits 1 with `Error: …`, without the usage text a ValidationError adds.
struct NotFound: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// As the API writes times: `2026-12-02T06:45:01.659Z`.
func timestamp(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
}
