import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOHTTP1
import Synchronization

/// JSON over HTTP to a daemon running as its own process, as a client of the hall does it.
enum DaemonHTTP {
    /// Sends one request; the status and the JSON object of the answer (empty for none).
    static func send(_ method: HTTPMethod, _ url: String, _ body: String? = nil, as token: String? = nil,
                     headers: [(String, String)] = []) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        // A connection of its own per request: some test daemons close idle connections after
        // 1 s, and a pooled one reused just as the daemon closes it fails the request.
        request.headers.add(name: "Connection", value: "close")
        if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response: HTTPClientResponse, data: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            data = try await response.body.collect(upTo: 1 << 22)
        } catch {
            // A failure names its request: "remoteConnectionClosed" alone says not which one.
            throw TestFailure("\(method) \(url): \(error)")
        }
        let object = data.readableBytes == 0 ? [:] : (try? json(data)) ?? ["body": String(buffer: data)]
        return (Int(response.status.code), object)
    }

    /// Signs in through `POST /api/v1/session` (a demo account's password by default).
    static func signIn(_ daemon: DaemonProcess, _ staffID: String, password: String? = nil) async throws -> String {
        let password = password ?? daemon.password(of: staffID)
        let (status, object) = try await send(.POST, daemon.baseURL + "/api/v1/session",
                                              #"{"staffID": "\#(staffID)", "password": "\#(password)"}"#)
        guard status == 201, let token = object["token"] as? String else { throw TestFailure("sign-in of \(staffID): \(status) \(object)") }
        return token
    }
}

/// Set once the test has killed the daemon: failures after it are expected, before it not.
final class KillSwitch: Sendable {
    private let value = Mutex(false)
    func flip() { value.withLock { $0 = true } }
    var flipped: Bool { value.withLock { $0 } }
}

/// A raw TCP connection to the daemon, for what no well-behaved client sends (a request
/// left half-sent).
struct RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to port \(port)") }
    }

    func send(_ text: String) { _ = Array(text.utf8).withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) } }

    /// Waits (at most `seconds`) for the daemon to close the connection; what it sent first.
    func waitForClose(seconds: Int) -> (closed: Bool, received: String) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { return (true, String(decoding: received, as: UTF8.self)) }
            if n < 0 { return (false, String(decoding: received, as: UTF8.self)) }
            received += buffer[..<n]
        }
    }

    func close() { _ = Glibc.close(fd) }
}

/// The resident memory of a process, from /proc (kB).
func residentKilobytes(of pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return -1 }
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}
