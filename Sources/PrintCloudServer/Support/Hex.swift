extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits a byte. (`String(format:)` per byte cost 5 % of the server's time
    /// in the job-creation benchmark, through the API key hash every request computes.)
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
