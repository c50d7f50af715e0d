import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The request context of every route: who is calling (once authenticated) and from where.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, for throttling sign-ins per client address.
    public let remoteAddress: String?
    /// Shared by every copy of this context, so the request log (outside) sees whom authentication
    /// (inside) found.
    let identity = RequestIdentity()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    public var requestDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .apiTimestamp
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// The authenticated caller; routes behind `AuthenticationMiddleware` always have one.
    func principal() throws -> Principal {
        guard let principal = identity.principal else { throw APIError.unauthorized("Authentication required") }
        return principal
    }
}

/// Who the request acts for, set once by authentication.
final class RequestIdentity: Sendable {
    private let value = Mutex<Principal?>(nil)

    var principal: Principal? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
