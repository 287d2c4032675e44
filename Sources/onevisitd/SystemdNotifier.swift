import Foundation
import Glibc
import Logging
import ServiceLifecycle

/// systemd's notify protocol without libsystemd: one datagram per message to
/// `$NOTIFY_SOCKET` (sd_notify(3)). READY=1 once the server listens, WATCHDOG=1 at half of
/// `$WATCHDOG_USEC`, STOPPING=1 on shutdown. Does nothing when not started by systemd.
struct SystemdNotifier: Service {
    let socketPath: String?
    let watchdogInterval: Duration?
    let ready: AsyncStream<Void>
    let logger: Logger

    init(environment: [String: String] = ProcessInfo.processInfo.environment, ready: AsyncStream<Void>, logger: Logger) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(UInt64.init).map { .microseconds(Int64($0 / 2)) }
        self.ready = ready
        self.logger = logger
    }

    func run() async throws {
        guard socketPath != nil else { return }
        for await _ in ready.cancelOnGracefulShutdown() {
            send("READY=1\nSTATUS=serving")
            break
        }
        if let interval = watchdogInterval {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                send("WATCHDOG=1")
                // Ends at once on SIGTERM instead of holding shutdown for half the watchdog time.
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        } else {
            try? await gracefulShutdown()
        }
        send("STOPPING=1")
    }

    func send(_ message: String) {
        guard let socketPath else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        let sent = message.withCString { text in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, text, strlen(text), 0, $0, length)
                }
            }
        }
        if sent < 0 { logger.warning("sd_notify failed", metadata: ["errno": "\(errno)"]) }
    }
}
