import CLinuxIO
import Glibc
import IDCard
import Synchronization

/// A SAM reader behind a serial line (`/dev/ttyUSB*`, `/dev/ttyACM*`; devices.md A.4): raw
/// 8N1 at 115200 baud by default. Replies are read exactly: bytes before a preamble are
/// skipped, then the 7-byte head, then as many bytes as its length says, all within one
/// deadline. Opened on first use and again after the line went away (reader replugged).
public final class SerialSAMTransport: SAMTransport, Sendable {
    public let path: String
    public let baud: Int
    private let descriptor = Mutex<Int32>(-1)
    /// Bytes skipped while hunting for a preamble since the start (noise on the line).
    private let skipped = Atomic<Int>(0)

    public init(path: String, baud: Int = 115_200) {
        self.path = path
        self.baud = baud
    }

    deinit { close() }

    public var skippedBytes: Int { skipped.load(ordering: .relaxed) }
    public var location: String { path }

    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }

    /// Sends one command frame and returns the reader's reply.
    public func exchange(_ frame: [UInt8], timeoutMilliseconds: Int) throws(ReaderError) -> SAMFrame.Reply {
        let fd = try open()
        tcflush(fd, TCIFLUSH)
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        try write(fd, frame, until: deadline)
        var buffer: [UInt8] = []
        while true {
            if let start = preambleStart(buffer) {
                if start > 0 {
                    skipped.add(start, ordering: .relaxed)
                    buffer.removeFirst(start)
                }
                if let total = SAMFrame.expectedLength(buffer) {
                    if total - 7 > 4096 || total - 7 < 4 {
                        // Not a real head: skip one byte and hunt on.
                        skipped.add(1, ordering: .relaxed)
                        buffer.removeFirst()
                        continue
                    }
                    if buffer.count >= total {
                        do { return try SAMFrame.decodeReply(Array(buffer.prefix(total))) } catch { throw .frame(error) }
                    }
                }
            } else if buffer.count > 4 {
                skipped.add(buffer.count - 4, ordering: .relaxed)
                buffer.removeFirst(buffer.count - 4)
            }
            buffer += try read(fd, until: deadline, have: buffer.count)
        }
    }

    // MARK: Plumbing

    private func preambleStart(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 5 else { return nil }
        for i in 0...(buffer.count - 5) where buffer[i] == 0xAA && Array(buffer[i..<(i + 5)]) == SAMFrame.preamble { return i }
        return nil
    }

    private func open() throws(ReaderError) -> Int32 {
        let result: Result<Int32, ReaderError> = descriptor.withLock { fd in
            if fd >= 0 { return .success(fd) }
            let opened = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            guard opened >= 0 else {
                let code = errno
                return .failure(code == ENOENT || code == ENXIO || code == ENODEV ? .notConnected("no device at \(path)")
                    : code == EACCES || code == EPERM ? .permissionDenied(path) : .transport("\(path): \(String(cString: strerror(code)))"))
            }
            if isatty(opened) == 1 { _ = clinuxio_serial_raw(opened, Int32(baud)) }
            fd = opened
            return .success(opened)
        }
        return try result.get()
    }

    private func write(_ fd: Int32, _ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(ReaderError) {
        var offset = 0
        while offset < bytes.count {
            try wait(fd, for: Int16(POLLOUT), until: deadline)
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw failure(errno)
            }
            offset += n
        }
    }

    private func read(_ fd: Int32, until deadline: ContinuousClock.Instant, have: Int) throws(ReaderError) -> [UInt8] {
        while true {
            try wait(fd, for: Int16(POLLIN), until: deadline, have: have)
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = Glibc.read(fd, &chunk, chunk.count)
            if n > 0 { return Array(chunk.prefix(n)) }
            if n == 0 { throw disconnect("the line closed") }
            if errno == EAGAIN || errno == EINTR { continue }
            throw failure(errno)
        }
    }

    private func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant, have: Int = 0) throws(ReaderError) {
        while true {
            let left = deadline - .now
            let milliseconds = Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard milliseconds > 0 else {
                throw .timeout(have > 0 ? "\(path): reply incomplete after \(have) bytes" : "\(path): no reply")
            }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&entry, 1, Int32(milliseconds))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if n == 0 { continue }
            if entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && entry.revents & events == 0 {
                throw disconnect("\(path) hung up")
            }
            return
        }
    }

    private func failure(_ code: Int32) -> ReaderError {
        if code == EIO || code == ENODEV || code == ENXIO || code == EPIPE { return disconnect("\(path): \(String(cString: strerror(code)))") }
        close()
        return .transport("\(path): \(String(cString: strerror(code)))")
    }

    private func disconnect(_ reason: String) -> ReaderError {
        close()
        return .disconnected(reason)
    }
}
