import EscPos
import Glibc
import Synchronization

/// A printer behind a character device: the kernel's usblp (`/dev/usb/lp0`, write and read
/// like a file; devices.md B.3), or a serial line (`/dev/ttyUSB0`, set to raw 8N1). The
/// simulated printer is a pseudo-terminal reached the same way. The device is opened on
/// first use and again after it went away, so a printer plugged back in just works.
public final class DeviceFileTransport: PrinterTransport, Sendable {
    public let path: String
    public let isBidirectional: Bool
    private let descriptor = Mutex<Int32>(-1)

    public init(path: String, bidirectional: Bool = true) {
        self.path = path
        self.isBidirectional = bidirectional
    }

    public var location: String { path }

    deinit { close() }

    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int) throws(PrinterError) {
        let fd = try open()
        var offset = 0
        let deadline = Deadline(milliseconds: timeoutMilliseconds)
        while offset < bytes.count {
            try wait(fd, for: Int16(POLLOUT), until: deadline, doing: "writing")
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, min($0.count, 4096)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw failure(errno, doing: "writing")
            }
            offset += n
        }
    }

    /// A one-way printer cannot say how it is; at least its device must be there.
    public func probe(timeoutMilliseconds: Int) throws(PrinterError) -> PrinterStatus? {
        if isBidirectional { return try readStatus(timeoutMilliseconds: timeoutMilliseconds) }
        _ = try open()
        return nil
    }

    public func requestStatus(_ kind: StatusKind, timeoutMilliseconds: Int) throws(PrinterError) -> UInt8? {
        guard isBidirectional else { return nil }
        let fd = try open()
        drain(fd)
        try send(EscPosCommand.statusRequest(kind), timeoutMilliseconds: timeoutMilliseconds)
        try wait(fd, for: Int16(POLLIN), until: Deadline(milliseconds: timeoutMilliseconds), doing: "reading status")
        var byte: UInt8 = 0
        let n = Glibc.read(fd, &byte, 1)
        if n == 1 { return byte }
        if n == 0 { throw disconnect("the device closed") }
        throw failure(errno, doing: "reading status")
    }

    // MARK: Plumbing

    private func open() throws(PrinterError) -> Int32 {
        let result: Result<Int32, PrinterError> = descriptor.withLock { fd in
            if fd >= 0 { return .success(fd) }
            let opened = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            guard opened >= 0 else {
                let code = errno
                return .failure(code == ENOENT || code == ENXIO || code == ENODEV
                    ? .notConnected("no device at \(path)")
                    : code == EACCES || code == EPERM ? .permissionDenied(path)
                    : code == EBUSY ? .busy("\(path) is in use") : .transport("\(path): \(String(cString: strerror(code)))"))
            }
            if isatty(opened) == 1 {
                var settings = termios()
                tcgetattr(opened, &settings)
                cfmakeraw(&settings)
                cfsetspeed(&settings, speed_t(B115200))
                tcsetattr(opened, TCSANOW, &settings)
            }
            fd = opened
            return .success(opened)
        }
        return try result.get()
    }

    /// Throws away stale bytes so a status reply belongs to this request (escpos-rs#18).
    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while Glibc.read(fd, &buffer, buffer.count) > 0 {}
    }

    private func wait(_ fd: Int32, for events: Int16, until deadline: Deadline, doing what: String) throws(PrinterError) {
        while true {
            let remaining = deadline.remainingMilliseconds
            guard remaining > 0 else { throw .timeout("\(what) \(path)") }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&entry, 1, Int32(remaining))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno, doing: what)
            }
            if n == 0 { continue }
            if entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && entry.revents & events == 0 {
                throw disconnect("\(path) hung up while \(what)")
            }
            return
        }
    }

    private func failure(_ code: Int32, doing what: String) -> PrinterError {
        if code == EIO || code == ENODEV || code == EPIPE || code == ENXIO {
            return disconnect("\(path): \(String(cString: strerror(code))) while \(what)")
        }
        close()
        return .transport("\(path): \(String(cString: strerror(code))) while \(what)")
    }

    private func disconnect(_ reason: String) -> PrinterError {
        close()
        return .disconnected(reason)
    }
}

/// A point in monotonic time some milliseconds ahead.
struct Deadline {
    let end: ContinuousClock.Instant

    init(milliseconds: Int) { end = .now + .milliseconds(milliseconds) }

    var remainingMilliseconds: Int {
        let left = end - .now
        return max(0, Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
    }
}
