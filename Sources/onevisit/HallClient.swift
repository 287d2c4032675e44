import AsyncHTTPClient
import Foundation
import NIOCore

/// A thin JSON-over-HTTP client for the daemon's `/api/v1` routes.
struct HallClient: Sendable {
    let baseURL: String
    /// The staff session (`onevisit login`) or a device token, sent as `Authorization: Bearer`.
    var token: String? = nil
    static let timeout: TimeAmount = .seconds(15)
    static let maxBody = 8 * 1024 * 1024

    /// The one `HTTPClient` of the process. `HTTPClient.shared` would do, except that it retries a
    /// refused connection until the request deadline (so a stopped daemon takes 15 s to report)
    /// and drops idle connections after 90 s (which cuts a quiet board stream). This one fails
    /// fast, lets the board stream idle, and holds more connections than the default eight.
    /// Like `.shared`, it lives as long as the process.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = .init(connect: .seconds(5), read: nil)
        configuration.connectionPool.retryConnectionEstablishment = false
        // `simulate day` holds a keypad stream per window beside its desks' requests.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        // The daemon closes a connection left idle for `http.idleTimeoutSeconds` (1 s at the
        // least). A request sent on it just then meets the close unanswered, and AsyncHTTPClient
        // does not send it again (RFC 9112 §9.3.1 leaves that to the client, and a POST may not
        // be): `devices watch --interval 29.9` died so on a daemon of the default 30 s. Letting go
        // of an idle connection well before the daemon can means no request is sent on one.
        configuration.connectionPool.idleTimeout = .milliseconds(500)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// `GET path`; the body of a 2xx answer.
    func get(_ path: String) async throws(CLIFailure) -> Data {
        try await send(HTTPClientRequest(url: baseURL + path))
    }

    /// `POST path` with a JSON object body (or none); the body of a 2xx answer.
    func post(_ path: String, body: [String: any Sendable]? = nil) async throws(CLIFailure) -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        if let body {
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        return try await send(request)
    }

    /// `POST path` with a body that is JSON already (a card file passed through).
    func post(_ path: String, json data: Data) async throws(CLIFailure) -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: data))
        return try await send(request)
    }

    /// Opens a long-lived `GET` (server-sent events) and hands back the streaming response.
    func openStream(_ path: String) async throws(CLIFailure) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let token { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer " + token) }
        let response: HTTPClientResponse
        do {
            response = try await Self.http.execute(request, deadline: .distantFuture)
        } catch {
            throw .unreachable(url: baseURL, reason: Self.describe(error))
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let body = (try? await response.body.collect(upTo: Self.maxBody)).map { Data($0.readableBytesView) } ?? Data()
            throw CLIFailure.http(status: Int(response.status.code), reason: response.status.reasonPhrase, body: body)
        }
        return response
    }

    /// `DELETE path`; the body of a 2xx answer.
    func delete(_ path: String) async throws(CLIFailure) -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .DELETE
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws(CLIFailure) -> Data {
        var request = request
        if let token { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer " + token) }
        let status: Int, reason: String, body: Data
        do {
            let response = try await Self.http.execute(request, timeout: Self.timeout)
            status = Int(response.status.code)
            reason = response.status.reasonPhrase
            body = Data(try await response.body.collect(upTo: Self.maxBody).readableBytesView)
        } catch {
            throw .unreachable(url: baseURL, reason: Self.describe(error))
        }
        guard (200..<300).contains(status) else { throw .http(status: status, reason: reason, body: body) }
        return body
    }

    /// `/api/v1/tickets/A%20B`: joins path segments, percent-encoding each one.
    static func path(_ segments: String...) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return segments.map { "/" + ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0) }.joined()
    }

    /// A short, human reason for a transport failure.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connection timed out"
            case .deadlineExceeded, .readTimeout: return "the daemon did not answer in time"
            case .remoteConnectionClosed: return "the daemon closed the connection"
            case .cancelled: return "cancelled"
            default: return "\(error)"
            }
        }
        let text = "\(error)"
        // NIO reports refused connections as "…: Connection refused (errno: 111)".
        if let range = text.range(of: "Connection refused", options: .caseInsensitive) {
            return String(text[range])
        }
        return text
    }
}
