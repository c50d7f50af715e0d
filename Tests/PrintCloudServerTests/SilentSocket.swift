import Foundation
import PrintCloudTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A WebSocket client written from the protocol alone, on a plain TCP socket, that signs in and then goes
/// silent: it never reads again, so it never answers a ping, like a computer whose cable was pulled.
final class SilentSocket {
    private let descriptor: Int32

    init(port: Int, auth: String) throws {
        descriptor = try connectToLoopback(port: port)

        try write(
            Array(
                ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
        var response: [UInt8] = []
        var byte: UInt8 = 0
        while !response.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard recv(descriptor, &byte, 1, 0) == 1 else { throw ProcessError(message: "no upgrade response") }
            response.append(byte)
        }
        guard String(decoding: response, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw ProcessError(message: "upgrade refused: \(String(decoding: response, as: UTF8.self))")
        }
        try write(Self.maskedTextFrame(auth))
    }

    deinit { Glibc.close(descriptor) }

    private func write(_ bytes: [UInt8]) throws {
        guard send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw ProcessError(message: "send failed") }
    }

    /// A client frame: FIN + text, masked as RFC 6455 requires of clients.
    static func maskedTextFrame(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return frame
    }
}
