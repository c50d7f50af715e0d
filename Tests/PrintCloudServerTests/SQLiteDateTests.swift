import Foundation
import GRDB
import Testing

@testable import PrintCloudServer

/// The dates the stores bind on SQLite are the text GRDB itself writes for them, to the millisecond, so that
/// rows written before and after read back alike and compare in SQL as before.
@Suite struct SQLiteDateTests {
    @Test func datesAreWrittenAsGRDBWritesThem() {
        var generator = SystemRandomNumberGenerator()
        var dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_800_000_000.9999),
            Date(timeIntervalSince1970: 951_782_400.5),  // 2000-02-29
            Date(timeIntervalSince1970: 4_102_444_799.999),  // 2099-12-31 23:59:59.999
        ]
        for _ in 0..<2000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator)))
        }
        for date in dates {
            #expect(
                SQLiteDate.text(date) == String.fromDatabaseValue(date.databaseValue), "\(date.timeIntervalSince1970)")
        }
    }
}
