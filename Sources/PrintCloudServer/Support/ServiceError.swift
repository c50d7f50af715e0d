/// Why a service refused a request, without any notion of HTTP; `HTTP/APIError` maps it to a status.
public struct ServiceError: Error, Sendable, Equatable {
    /// The kind of refusal; a struct so the set can grow without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// Input that breaks a rule; `field` names what is wrong.
        public static let invalidInput = Code(name: "invalidInput")
        /// No such object for this account (another account's objects included).
        public static let notFound = Code(name: "notFound")
        /// Wrong credentials.
        public static let unauthorized = Code(name: "unauthorized")
        /// The request clashes with existing data, such as an email already in use.
        public static let conflict = Code(name: "conflict")
        /// More than the server accepts, such as a document over the size limit.
        public static let tooLarge = Code(name: "tooLarge")
        /// Too many attempts; try again after `retryAfterSeconds`.
        public static let tooManyAttempts = Code(name: "tooManyAttempts")
    }

    public var code: Code
    public var message: String
    public var field: String?
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, field: String? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// A field that breaks a rule; the message names the field.
    public static func invalid(_ field: String, _ reason: String) -> ServiceError {
        ServiceError(.invalidInput, "\(field): \(reason)", field: field)
    }

    public static func notFound(_ message: String) -> ServiceError {
        ServiceError(.notFound, message)
    }
}

extension ServiceError: CustomStringConvertible {
    public var description: String { message }
}
