import CLinuxIO
import Foundation
import Glibc
import Synchronization

/// The device end of a simulated serial device: a pseudo-terminal whose far end sits behind
/// a stable link path, as udev gives a real one (`/dev/onevisit/…`; devices.md B.3). The
/// simulator reads what the host writes on the near end and answers there; unplugging
/// closes both ends and removes the link, plugging makes a new pair at the same link.
public final class PseudoTerminalPeer: Sendable {
    public let devicePath: String
    private let label: String
    private let line = Mutex<Line>(Line())

    private struct Line: ~Copyable {
        var master: Int32 = -1
        /// The far end, held open and raw so the line discipline never rewrites bytes and
        /// bytes written before the host opens the line are kept.
        var keepalive: Int32 = -1
        var source: ReadSource?
    }

    public init(devicePath: String, label: String) {
        self.devicePath = devicePath
        self.label = label
    }

    deinit { unplug() }

    public var isPlugged: Bool { line.withLock { $0.master >= 0 } }

    /// Makes a new pair behind `devicePath`. With `onRead`, every chunk the host writes is
    /// handed over on a queue of the peer's own, with the near end to answer on.
    /// - Parameter bytesPerSecond: the line's rate (a serial line at 115,200 baud 8N1 carries
    ///   11,520 bytes a second): a chunk is handed over once its last byte would have come
    ///   down the line, and nothing more is read meanwhile, so a host writing faster fills the
    ///   line's buffer and waits, as on a real serial line. Nil: at once (a USB device).
    public func plug(bytesPerSecond: Int? = nil, onRead: (@Sendable (_ bytes: [UInt8], _ master: Int32) -> Void)? = nil) throws {
        unplug()
        try FileManager.default.createDirectory(atPath: (devicePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var name = [CChar](repeating: 0, count: 128)
        let master = clinuxio_open_pty(&name, name.count)
        guard master >= 0 else { throw DeviceFault.io("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))") }
        let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let keepalive = Glibc.open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard keepalive >= 0 else {
            Glibc.close(master)
            throw DeviceFault.io("cannot open \(slavePath): \(String(cString: strerror(errno)))")
        }
        var settings = termios()
        tcgetattr(keepalive, &settings)
        cfmakeraw(&settings)
        tcsetattr(keepalive, TCSANOW, &settings)
        try? FileManager.default.removeItem(atPath: devicePath)
        do {
            try FileManager.default.createSymbolicLink(atPath: devicePath, withDestinationPath: slavePath)
        } catch {
            Glibc.close(master)
            Glibc.close(keepalive)
            throw error
        }
        var source: ReadSource?
        if let onRead {
            let queue = DispatchQueue(label: "onevisit.pty.\(label)")
            let read = ReadSource(source: DispatchSource.makeReadSource(fileDescriptor: master, queue: queue))
            read.source.setEventHandler {
                var buffer = [UInt8](repeating: 0, count: 65536)
                let n = Glibc.read(master, &buffer, buffer.count)
                guard n > 0 else { return }
                let chunk = Array(buffer.prefix(n))
                guard let bytesPerSecond, bytesPerSecond > 0 else { return onRead(chunk, master) }
                // The line is busy for the chunk's time: the source rests, then hands it over.
                read.source.suspend()
                queue.asyncAfter(deadline: .now() + .nanoseconds(n * 1_000_000_000 / bytesPerSecond)) {
                    onRead(chunk, master)
                    read.source.resume()
                }
            }
            source = read
        }
        line.withLock {
            $0.master = master
            $0.keepalive = keepalive
            $0.source = source
        }
        source?.source.resume()
    }

    /// Pulls the cable: the host's open device fails and the link is gone.
    public func unplug() {
        let (source, master, keepalive) = line.withLock { l in
            defer { l.source = nil; l.master = -1; l.keepalive = -1 }
            return (l.source, l.master, l.keepalive)
        }
        guard master >= 0 else { return }
        try? FileManager.default.removeItem(atPath: devicePath)
        guard let source else {
            Glibc.close(master)
            Glibc.close(keepalive)
            return
        }
        // Closed only once the read handler can no longer run on them.
        source.source.setCancelHandler {
            Glibc.close(master)
            Glibc.close(keepalive)
        }
        source.source.cancel()
    }

    /// Writes on the near end, as the device sends; nil when unplugged. Under the lock, so
    /// an unplug cannot close the line between the check and the write.
    public func write(_ bytes: [UInt8]) -> Int? {
        line.withLock { l in
            guard l.master >= 0 else { return nil }
            return bytes.withUnsafeBytes { Glibc.write(l.master, $0.baseAddress, $0.count) }
        }
    }

    /// What the host has written and no read handler took (the near end is non-blocking).
    public func drain() -> [UInt8] {
        line.withLock { l in
            guard l.master >= 0 else { return [] }
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 256)
            while true {
                let n = Glibc.read(l.master, &chunk, chunk.count)
                guard n > 0 else { break }
                received += chunk.prefix(n)
            }
            return received
        }
    }
}
