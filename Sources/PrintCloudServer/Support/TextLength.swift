/// Length limits on text count Unicode scalars, never grapheme clusters: `"a"` followed by 200,000 combining
/// accents is one `Character` but 200,001 scalars, and it is the size a limit protects (a 38 MB "title" of one
/// character was once stored).
enum TextLength {
    /// Whether `value` has more than `max` Unicode scalars.
    static func exceeds(_ value: String, _ max: Int) -> Bool {
        let bytes = value.utf8.count
        // A scalar takes 1 to 4 UTF-8 bytes: most strings are decided without counting.
        if bytes <= max { return false }
        if bytes > max * 4 { return true }
        return value.unicodeScalars.count > max
    }

    /// Throws naming `field` when `value` has more than `max` (or fewer than `min`) Unicode scalars.
    static func check(_ value: String, field: String, max: Int, min: Int = 0) throws {
        if exceeds(value, max) { throw ServiceError.invalid(field, "must be at most \(max) characters") }
        if min > 0, value.unicodeScalars.count < min {
            throw ServiceError.invalid(field, "must be at least \(min) characters")
        }
    }
}
