import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Every timestamp in the API and in webhook payloads carries milliseconds (API.md Part 2).
@Suite(.timeLimit(.minutes(10))) struct TimestampTests {
    @Test(arguments: [
        (1_800_000_000.123, "2027-01-15T08:00:00.123Z"), (0, "1970-01-01T00:00:00.000Z"),
        (951_782_400.999_9, "2000-02-29T00:00:00.999Z"), (-0.5, "1969-12-31T23:59:59.500Z"),
    ])
    func datesAreWrittenInUTCWithMilliseconds(_ input: (seconds: TimeInterval, text: String)) {
        #expect(Date(timeIntervalSince1970: input.seconds).apiTimestamp == input.text)
    }

    @Test(arguments: TestEngine.allCases)
    func jobsComputersAndWebhookEventsCarryMilliseconds(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            app.clock.advance(by: 0.412)
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let id = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            let listed = try await app.request(.get, "/api/printjobs", key: account.fullKey).array()
            #expect(listed.first?["createdAt"] as? String == "2027-01-15T08:00:00.412Z")
            let detail = try await app.jobDetail(id, key: account.fullKey)
            #expect(detail["createdAt"] as? String == "2027-01-15T08:00:00.412Z")
            let states = try #require(detail["states"] as? [[String: Any]])
            #expect(!states.isEmpty)
            for state in states { #expect((state["at"] as? String).map(isAPITimestamp) == true, "\(states)") }
            let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
            #expect(computers.first?["lastSeenAt"] as? String == "2027-01-15T08:00:00.412Z")

            let event = Event.jobCreated(
                try #require(try await app.storage.jobs.job(id: id, accountID: account.accountID)))
            let payload = try JSONSerialization.jsonObject(with: Data(event.payload.utf8)) as? [String: Any]
            #expect(payload?["timestamp"] as? String == "2027-01-15T08:00:00.412Z")
            try await computer.socket.close()
        }
    }
}
