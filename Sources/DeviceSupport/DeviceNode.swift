import Glibc
import Synchronization

/// One device node held open between uses (a usblp printer, a serial reader, a keypad):
/// opened on first use and again after it went away, non-blocking, with every wait bounded
/// and every errno turned into the shared ``DeviceFault``. A fault that means the device
/// went away closes the node, so the next use opens it afresh.
public final class DeviceNode: Sendable {
    public let path: String
    private let descriptor = Mutex<Int32>(-1)

    public init(path: String) { self.path = path }

    deinit { close() }

    public var isOpen: Bool { descriptor.withLock { $0 >= 0 } }
    /// The open descriptor, or nil.
    public var current: Int32? { descriptor.withLock { $0 >= 0 ? $0 : nil } }

    /// The open descriptor, opening the node with `flags` (plus non-blocking and
    /// close-on-exec) when it is not open; `configure` sets a fresh descriptor up (a raw
    /// line, an exclusive grab) and a fault it throws closes it again. `fresh` says whether
    /// this call opened it.
    public func open(flags: Int32, configure: (Int32) throws(DeviceFault) -> Void = { _ in }) throws(DeviceFault) -> (fd: Int32, fresh: Bool) {
        let result: Result<(Int32, Bool), DeviceFault> = descriptor.withLock { fd in
            if fd >= 0 { return .success((fd, false)) }
            let opened = Glibc.open(path, flags | O_NONBLOCK | O_CLOEXEC)
            guard opened >= 0 else { return .failure(.opening(path, errno: errno)) }
            do throws(DeviceFault) {
                try configure(opened)
            } catch {
                Glibc.close(opened)
                return .failure(error)
            }
            fd = opened
            return .success((opened, true))
        }
        return try result.get()
    }

    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }

    /// Waits until `fd` is ready for `events` or `deadline` passes (then `timedOut`);
    /// a hang-up without the events wanted means the device went away.
    public func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant, doing what: String,
                     timedOut: @autoclosure () -> DeviceFault) throws(DeviceFault) {
        while true {
            let left = deadline - .now
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            guard milliseconds > 0 else { throw timedOut() }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&entry, 1, Int32(clamping: milliseconds))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno, doing: what)
            }
            if n == 0 { continue }
            if entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && entry.revents & events == 0 {
                throw gone("\(path) hung up while \(what)")
            }
            return
        }
    }

    /// What arrived, at most `limit` bytes; empty when nothing waits. End of file means the
    /// device went away.
    public func readAvailable(_ fd: Int32, limit: Int = 4096, doing what: String) throws(DeviceFault) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: limit)
        let n = Glibc.read(fd, &chunk, limit)
        if n > 0 { return Array(chunk.prefix(n)) }
        if n == 0 { throw gone("\(path) closed while \(what)") }
        if errno == EAGAIN || errno == EINTR { return [] }
        throw failure(errno, doing: what)
    }

    /// Writes all of `bytes` by `deadline`, waiting whenever the device takes no more.
    public func write(_ fd: Int32, _ bytes: [UInt8], until deadline: ContinuousClock.Instant, chunk: Int = 4096, doing what: String,
                      timedOut: @autoclosure () -> DeviceFault) throws(DeviceFault) {
        var offset = 0
        while offset < bytes.count {
            try wait(fd, for: Int16(POLLOUT), until: deadline, doing: what, timedOut: timedOut())
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, min($0.count, chunk)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw failure(errno, doing: what)
            }
            offset += n
        }
    }

    /// The fault for an errno on the open node; the node is closed either way, so the next
    /// use starts afresh.
    public func failure(_ code: Int32, doing what: String) -> DeviceFault {
        close()
        return .using(path, errno: code, doing: what)
    }

    /// The device went away: closed, and said so.
    public func gone(_ reason: String) -> DeviceFault {
        close()
        return .disconnected(reason)
    }
}
