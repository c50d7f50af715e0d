import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PrintCloudProtocol

/// Puts a job's document in a temporary file: decoded from base64, or downloaded (http and https only,
/// with a size limit and a timeout). A download goes only to addresses `policy` allows, checked before
/// connecting and again on the connection itself, at every redirect hop; documents on the client's own
/// server are fetched with its key, whatever the server's address. Through a proxy (`Proxy`), the host's
/// addresses are still checked here first, but the connection is the proxy's, so only the proxy sees the
/// address it connects to.
public struct DocumentFetcher: Sendable {
    public var server: String
    public var apiKey: String
    public var policy: AddressPolicy
    public var maxSize = 100 * 1024 * 1024
    public var timeout = TimeAmount.seconds(120)
    public var maxRedirects = 5

    public init(server: String, apiKey: String, policy: AddressPolicy = AddressPolicy()) {
        self.server = server
        self.apiKey = apiKey
        self.policy = policy
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
        } catch is AddressNotAllowed {
            try? FileManager.default.removeItem(at: file)
            throw PrinterError("download refused: address not allowed")
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    /// Where one request of a download led. Internal, like the two functions below, for the tests.
    enum Hop: Equatable {
        case done
        case redirect(to: String)
    }

    private func download(_ uri: String, to file: URL) async throws {
        let deadline = NIODeadline.now() + timeout
        let serverOrigin = URL(string: server).flatMap(Origin.init)
        var next = uri
        for _ in 0...maxRedirects {
            guard let url = URL(string: next), let origin = Origin(url) else {
                throw PrinterError("download failed: only http and https URIs are fetched")
            }
            let onServer = origin == serverOrigin
            if !onServer { try await checkHost(of: url) }
            let hop = try await withClient(checking: onServer ? nil : policy, proxy: Proxy.for(url)) { client in
                try await fetchHop(next, on: client, withKey: onServer, deadline: deadline, to: file)
            }
            switch hop {
            case .done: return
            case .redirect(let location): next = location
            }
        }
        throw PrinterError("download failed: more than \(maxRedirects) redirects")
    }

    /// Refuses a host any of whose addresses the policy refuses, before any connection is made.
    private func checkHost(of url: URL) async throws {
        let host = url.host ?? ""
        let addresses = try await NIOThreadPool.singleton.runIfActive { HostResolver.addresses(of: host) }
        guard !addresses.isEmpty else { throw PrinterError("download failed: \(host) does not resolve") }
        guard addresses.allSatisfy(policy.allows) else { throw AddressNotAllowed() }
    }

    func fetchHop(
        _ uri: String, on client: HTTPClient, withKey: Bool, deadline: NIODeadline, to file: URL
    ) async throws -> Hop {
        var request = HTTPClientRequest(url: uri)
        if withKey {
            request.headers.add(name: "Authorization", value: "Basic " + Data("\(apiKey):".utf8).base64EncodedString())
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline)
        } catch let refused as AddressNotAllowed {
            throw refused
        } catch {
            throw PrinterError("download failed: \(error)")
        }
        if [301, 302, 303, 307, 308].contains(response.status.code) {
            guard let location = response.headers.first(name: "Location"),
                let target = URL(string: location, relativeTo: URL(string: uri))?.absoluteString
            else { throw PrinterError("download failed: HTTP \(response.status.code) without a Location") }
            return .redirect(to: target)
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
        return .done
    }

    /// Runs `body` with a client of its own, shut down after it: one per hop, so that its connection check
    /// guards exactly that hop, and nothing outlives the download.
    func withClient<T: Sendable>(
        checking policy: AddressPolicy?, proxy: Proxy? = nil, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        // Redirects are followed by `download`, which checks each hop as it checked the first.
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if let proxy {
            configuration.proxy = proxy.clientConfiguration
        } else if let policy {
            // HTTP/1 only, so that the HTTP/1 connection check sees every connection; the HTTP/2 one is set too.
            configuration.httpVersion = .http1Only
            configuration.http1_1ConnectionDebugInitializer = policy.checkConnection
            configuration.http2ConnectionDebugInitializer = policy.checkConnection
            // A refused connection ends the download now, rather than being made again until the timeout.
            configuration.connectionPool.retryConnectionEstablishment = false
        }
        return try await HTTPClient.withClient(configuration, body)
    }
}

/// Scheme, host and port of an http or https URL: what makes a URL the client's own server.
struct Origin: Equatable {
    let scheme: String
    let host: String
    let port: Int

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}
