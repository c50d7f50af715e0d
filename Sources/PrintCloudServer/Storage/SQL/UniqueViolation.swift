import GRDB
import PostgresNIO

/// Whether `error`, from either engine, is a UNIQUE constraint violation, also when it ended a transaction.
func isUniqueViolation(_ error: any Error) -> Bool {
    switch error {
    case let error as DatabaseError:
        return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
    case let error as PSQLError:
        return error.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw
    case let error as PostgresTransactionError:
        return error.closureError.map(isUniqueViolation) ?? false
    default:
        return false
    }
}
