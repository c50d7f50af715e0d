import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Date {
    /// ISO 8601 UTC with milliseconds, as every timestamp of the API and of webhook payloads is written
    /// (`2026-04-05T10:31:07.412Z`): whole seconds hide how long a job took. Written by hand because it runs
    /// for every job of every listing; a format style costs several times more.
    var apiTimestamp: String {
        // Through whole microseconds first: 1800000000.123 is 1800000000.122999… as a Double.
        let microseconds = Int64((timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = microseconds >= 0 ? microseconds / 1000 : (microseconds - 999) / 1000
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var time = time_t(fraction < 0 ? seconds - 1 : seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = ""
        text.reserveCapacity(24)
        func append(_ value: Int32, digits: Int) {
            let number = String(value)
            text += String(repeating: "0", count: max(0, digits - number.count)) + number
        }
        append(parts.tm_year + 1900, digits: 4)
        text += "-"
        append(parts.tm_mon + 1, digits: 2)
        text += "-"
        append(parts.tm_mday, digits: 2)
        text += "T"
        append(parts.tm_hour, digits: 2)
        text += ":"
        append(parts.tm_min, digits: 2)
        text += ":"
        append(parts.tm_sec, digits: 2)
        text += "."
        append(Int32(fraction < 0 ? fraction + 1000 : fraction), digits: 3)
        text += "Z"
        return text
    }
}

extension JSONEncoder.DateEncodingStrategy {
    /// `Date.apiTimestamp`.
    static let apiTimestamp = JSONEncoder.DateEncodingStrategy.custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(date.apiTimestamp)
    }
}
