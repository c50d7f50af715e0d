import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudProtocol

/// Puts a job's document in a temporary file: decoded from base64, or downloaded (http and https only,
/// with a size limit and a timeout). Documents on the client's own server are fetched with its key.
public struct DocumentFetcher: Sendable {
    public var server: String
    public var apiKey: String
    public var maxSize = 100 * 1024 * 1024
    public var timeout = TimeAmount.seconds(120)

    public init(server: String, apiKey: String) {
        self.server = server
        self.apiKey = apiKey
    }

    /// A new temporary file with the document; the caller removes it.
    public func fetch(_ job: PrintJobPayload) async throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "printcloud-\(job.id)-\(UUID().uuidString)")
        do {
            if job.contentType.isURI {
                try await download(job.content, to: file)
            } else {
                guard
                    let data = Data(base64Encoded: job.content)
                        ?? Data(base64Encoded: job.content.filter { !$0.isWhitespace })
                else { throw PrinterError("bad document: the content is not valid base64") }
                try data.write(to: file)
            }
            return file
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    private func download(_ uri: String, to file: URL) async throws {
        guard let url = URL(string: uri), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { throw PrinterError("download failed: only http and https URIs are fetched") }
        var request = HTTPClientRequest(url: uri)
        if uri.hasPrefix(server.hasSuffix("/") ? server : server + "/") {
            request.headers.add(name: "Authorization", value: "Basic " + Data("\(apiKey):".utf8).base64EncodedString())
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw PrinterError("download failed: \(error)")
        }
        guard response.status == .ok else { throw PrinterError("download failed: HTTP \(response.status.code)") }
        FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var size = 0
        for try await chunk in response.body {
            size += chunk.readableBytes
            guard size <= maxSize else { throw PrinterError("download failed: the document is over \(maxSize) bytes") }
            try handle.write(contentsOf: Data(chunk.readableBytesView))
        }
    }
}
