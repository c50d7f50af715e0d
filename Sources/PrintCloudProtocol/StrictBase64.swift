import Foundation

/// Base64 (RFC 4648, standard alphabet) decoded strictly: `Data(base64Encoded:)` takes `====` and `AA=A`,
/// so a document of NUL bytes could be stored from text that is not base64 at all. Line breaks (CR, LF)
/// are skipped, since line-wrapped base64 is what many encoders write; anything else outside the alphabet,
/// padding anywhere but at the end, a length that is not a multiple of four or non-zero unused bits refuse
/// the text.
public enum StrictBase64 {
    /// The decoded bytes, or nil when `text` is not strict base64.
    public static func decode(_ text: String) -> Data? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    private static let invalid: UInt8 = 0xFF
    private static let skipped: UInt8 = 0xFE
    private static let padding: UInt8 = 0xFD

    private static let table: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, letter) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(letter)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "\r"))] = skipped
        table[Int(UInt8(ascii: "\n"))] = skipped
        table[Int(UInt8(ascii: "="))] = padding
        return table
    }()

    private static func decode(_ input: UnsafeRawBufferPointer) -> Data? {
        // Written in place into bytes allocated once: appending to `Data` byte by byte costs several times
        // more, and documents run to tens of megabytes.
        var output = Data(count: input.count / 4 * 3)
        let written = output.withUnsafeMutableBytes { (output: UnsafeMutableRawBufferPointer) -> Int? in
            // The sextets of the current quantum, the first in the highest bits.
            var quantum: UInt32 = 0
            var count = 0
            var pads = 0
            var finished = false
            var index = 0
            for byte in input {
                let value = table[Int(byte)]
                if value == skipped { continue }
                guard value != invalid, !finished else { return nil }
                if value == padding {
                    // Padding fills the third and fourth places of the last quantum only (`====`, `A===` refused).
                    guard count >= 2 else { return nil }
                    pads += 1
                    quantum <<= 6
                } else {
                    guard pads == 0 else { return nil }  // `AA=A`
                    quantum = quantum << 6 | UInt32(value)
                }
                count += 1
                guard count == 4 else { continue }
                // Bits the padding leaves unused must be zero, or two texts would decode alike.
                if pads == 2 && (quantum >> 12) & 0x0F != 0 || pads == 1 && (quantum >> 6) & 0x03 != 0 { return nil }
                output[index] = UInt8(truncatingIfNeeded: quantum >> 16)
                index += 1
                if pads < 2 {
                    output[index] = UInt8(truncatingIfNeeded: quantum >> 8)
                    index += 1
                }
                if pads < 1 {
                    output[index] = UInt8(truncatingIfNeeded: quantum)
                    index += 1
                }
                quantum = 0
                count = 0
                finished = pads > 0
            }
            return count == 0 ? index : nil
        }
        guard let written else { return nil }
        output.count = written
        return output
    }
}
