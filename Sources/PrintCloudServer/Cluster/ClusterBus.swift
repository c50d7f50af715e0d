/// Carries messages between the server instances of one database.
protocol ClusterBus: Sendable {
    /// Sends `envelope` to every instance, best effort: what is lost is caught by the periodic sweeps
    /// (queued jobs, socket heartbeats).
    func publish(_ envelope: ClusterEnvelope) async
    /// Hands every envelope published by any instance to `receive` until the task is cancelled.
    /// `subscribed` runs each time listening (re)starts: messages sent while it was down are lost.
    func listen(
        subscribed: @escaping @Sendable () async -> Void,
        receive: @escaping @Sendable (ClusterEnvelope) async -> Void
    ) async
}
