/// Length limits on text count Unicode scalars, never grapheme clusters: `"a"` followed by 200,000 combining
/// accents is one `Character` but 200,001 scalars, and it is the size a limit protects (a 38 MB "title" of one
/// character was once stored). Text to be stored never holds U+0000: PostgreSQL cannot store it, and refusing it
/// on SQLite too keeps the engines alike.
enum TextLength {
    /// Whether `value` has more than `max` Unicode scalars.
    static func exceeds(_ value: String, _ max: Int) -> Bool {
        let bytes = value.utf8.count
        // A scalar takes 1 to 4 UTF-8 bytes: most strings are decided without counting.
        if bytes <= max { return false }
        if bytes > max * 4 { return true }
        return value.unicodeScalars.count > max
    }

    /// Throws naming `field` when `value` has more than `max` (or fewer than `min`) Unicode scalars, or a NUL.
    static func check(_ value: String, field: String, max: Int, min: Int = 0) throws {
        if exceeds(value, max) { throw ServiceError.invalid(field, "must be at most \(max) characters") }
        if hasNUL(value) { throw ServiceError.invalid(field, "must not contain NUL characters (\\u0000)") }
        if min > 0, value.unicodeScalars.count < min {
            throw ServiceError.invalid(field, "must be at least \(min) characters")
        }
    }

    static func hasNUL(_ value: String) -> Bool {
        value.utf8.contains(0)
    }
}
