import Foundation
import Glibc
import TestSupport
import Testing

/// The daemon and its supervisor, with real signals and a real notify socket: SIGHUP takes
/// in a changed catalog and refuses a broken one (the hall keeps the last good one), and
/// systemd's notify protocol gets READY=1, WATCHDOG=1 and STOPPING=1 as datagrams.
@Suite("The daemon's signals and systemd notifications", .serialized, .timeLimit(.minutes(5)))
struct DaemonSignalsTests {
    static func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-\(name)-\(UUID().uuidString)").path
    }

    static func itemName(_ daemon: DaemonProcess, _ id: String) async throws -> String? {
        let (status, json) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/catalog/items/" + id)
        #expect(status == 200)
        return (json["item"] as? [String: Any])?["name"] as? String
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)))
    func sighupTakesInAChangedCatalogAndRefusesABrokenOne() async throws {
        let dir = Self.scratch("sighup")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let catalogFile = dir + "/catalog.json"
        let demo = try Data(contentsOf: URL(fileURLWithPath: Self.demoCatalog))
        try demo.write(to: URL(fileURLWithPath: catalogFile))
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false, extraArguments: ["--catalog", catalogFile])
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let loaded = "Catalog and hall layout loaded"
        let id = "birth-medical-certificate-issuance"
        #expect(try await Self.itemName(daemon, id) == "出生医学证明首次签发服务")

        // The hall renames an item and signals the daemon.
        var catalog = try #require(try JSONSerialization.jsonObject(with: demo) as? [String: Any])
        var items = try #require(catalog["items"] as? [[String: Any]])
        items[0]["name"] = "出生医学证明签发（新版）"
        catalog["items"] = items
        try JSONSerialization.data(withJSONObject: catalog).write(to: URL(fileURLWithPath: catalogFile))
        let before = daemon.log.components(separatedBy: loaded).count - 1
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await daemon.waitForLog(loaded, count: before + 1), "no reload after SIGHUP:\n\(daemon.log)")
        #expect(try await Self.itemName(daemon, id) == "出生医学证明签发（新版）")

        // A broken file is named with its entry and field; the hall keeps the last good catalog.
        items[0]["promisedLimitDays"] = "three"
        catalog["items"] = items
        try JSONSerialization.data(withJSONObject: catalog).write(to: URL(fileURLWithPath: catalogFile))
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await daemon.waitForLog("Catalog reload refused"), "no refusal logged:\n\(daemon.log)")
        let refusal = daemon.log.components(separatedBy: "\n").first { $0.contains("Catalog reload refused") } ?? ""
        #expect(refusal.contains(catalogFile) && refusal.contains("promisedLimitDays"), "\(refusal)")
        #expect(try await Self.itemName(daemon, id) == "出生医学证明签发（新版）")
        #expect(daemon.process.isRunning)
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)))
    func systemdHearsReadyWatchdogAndStopping() async throws {
        let dir = Self.scratch("notify")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let socket = try NotifySocket(path: dir + "/notify.sock")
        defer { socket.close() }
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false,
                                   environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"])
        try await daemon.start()

        let first = socket.receive(seconds: 20)
        #expect(first == "READY=1\nSTATUS=serving", "first notification: \(first ?? "none")\n\(daemon.log)")
        // The watchdog is fed at half of WATCHDOG_USEC, again and again.
        #expect(socket.receive(seconds: 20) == "WATCHDOG=1")
        #expect(socket.receive(seconds: 20) == "WATCHDOG=1")

        daemon.process.terminate()
        var last: String?
        repeat { last = socket.receive(seconds: 20) } while last == "WATCHDOG=1"
        #expect(last == "STOPPING=1")
        #expect(await daemon.exited() == 0, "\(daemon.log)")
    }

    static var demoCatalog: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/HallServer/Resources/demo/catalog.json").path
    }
}

/// A bound Unix datagram socket, as systemd listens on `$NOTIFY_SOCKET`.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestFailure("bind \(path): errno \(errno)") }
    }

    /// The next datagram, or nil when none comes within `seconds`.
    func receive(seconds: Int) -> String? {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }

    func close() { _ = Glibc.close(fd) }
}
