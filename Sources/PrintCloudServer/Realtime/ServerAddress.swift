import Foundation
import Synchronization

/// This server's own base URL, for links it hands out (a large document's content URI). Known once the
/// server is listening, when the port may have been chosen by the system.
public final class ServerAddress: Sendable {
    private let url: Mutex<String>

    public init(_ url: String) {
        self.url = Mutex(url)
    }

    public var baseURL: String { url.withLock { $0 } }

    func set(_ baseURL: String) {
        url.withLock { $0 = baseURL }
    }
}
