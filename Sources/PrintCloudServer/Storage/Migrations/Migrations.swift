/// The schema, as one numbered list applied at start-up on either engine. One file per step beside this one.
enum Migrations {
    static let all: [Migration] = [
        accounts,
        computersAndPrinters,
        printJobsAndEvents,
        webhooks,
        instances,
        jobExpiryAndLanes,
        enrollmentCodes,
        dashboardSessions,
        dashboardLive,
    ]
}
