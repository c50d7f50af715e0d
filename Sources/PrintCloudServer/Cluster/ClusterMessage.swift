/// What one server instance tells the others about sockets that any of them may hold.
enum ClusterMessage: Codable, Sendable, Equatable {
    /// A job was created for a computer that is not connected to the instance that took it.
    case jobQueued(jobID: String, accountID: String, computerID: String)
    /// A job was deleted; its computer, wherever connected, should stop it.
    case cancelJob(jobID: String, computerID: String)
    /// The computer signed in on `connectionID`: any other socket of it is out of date.
    case signedIn(computerID: String, connectionID: String)
    case disconnectComputer(computerID: String, reason: String)
    /// The computer reported its printers: what the others remember of them may be out of date.
    case printersReported(computerID: String)
    case disconnectKey(keyID: String, reason: String)
}

/// A message with the instance that sent it, so that an instance can skip its own.
struct ClusterEnvelope: Codable, Sendable, Equatable {
    var from: String
    var message: ClusterMessage
}
