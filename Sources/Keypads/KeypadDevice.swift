import CLinuxIO
import Glibc
import Synchronization

/// The device node of a keypad, opened the way its protocol needs: an input device
/// read-only and grabbed exclusively, a hidraw node read-write for output reports, a serial
/// line raw at its baud rate. Reads wait at most a given time so the driver's loop can stop.
public final class KeypadDevice: Sendable {
    public let path: String
    public let kind: KeypadProtocol
    public let baud: Int
    private let descriptor = Mutex<Int32>(-1)

    public init(path: String, kind: KeypadProtocol, baud: Int = 9600) {
        self.path = path
        self.kind = kind
        self.baud = baud
    }

    deinit { close() }

    public var isOpen: Bool { descriptor.withLock { $0 >= 0 } }

    /// Opens the device; returns its name when the device reports one.
    @discardableResult
    public func open() throws(KeypadError) -> String? {
        let result: Result<String?, KeypadError> = descriptor.withLock { fd in
            if fd >= 0 { return .success(nil) }
            let flags: Int32 = if case .evdev = kind { O_RDONLY } else { O_RDWR | O_NOCTTY }
            let opened = Glibc.open(path, flags | O_NONBLOCK | O_CLOEXEC)
            guard opened >= 0 else { return .failure(Self.openFailure(errno, path)) }
            var name = [CChar](repeating: 0, count: 256)
            var deviceName: String?
            switch kind {
            case .evdev:
                if clinuxio_evdev_grab(opened, 1) != 0 {
                    let code = errno
                    Glibc.close(opened)
                    return .failure(code == EBUSY ? .busy(path) : .io("\(path): cannot grab the input device: \(String(cString: strerror(code)))"))
                }
                if clinuxio_evdev_name(opened, &name, name.count - 1) > 0 { deviceName = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } }
            case .hidraw:
                if clinuxio_hidraw_name(opened, &name, name.count - 1) > 0 { deviceName = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } }
            case .serial:
                if isatty(opened) == 1 && clinuxio_serial_raw(opened, Int32(baud)) != 0 {
                    let code = errno
                    Glibc.close(opened)
                    return .failure(.io("\(path): cannot set the line to raw \(baud) 8N1: \(String(cString: strerror(code)))"))
                }
            }
            fd = opened
            return .success(deviceName)
        }
        return try result.get()
    }

    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }  // closing also releases an evdev grab
            fd = -1
        }
    }

    /// Bytes that arrived within `timeoutMilliseconds` (empty when none did).
    public func read(timeoutMilliseconds: Int32) throws(KeypadError) -> [UInt8] {
        let fd = descriptor.withLock { $0 }
        guard fd >= 0 else { throw .notConnected(path) }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let n = poll(&entry, 1, timeoutMilliseconds)
        if n < 0 { return errno == EINTR ? [] : try fail(errno) }
        if n == 0 { return [] }
        if entry.revents & Int16(POLLIN) == 0 && entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            throw disconnect("\(path) hung up")
        }
        var chunk = [UInt8](repeating: 0, count: 1024)
        let got = Glibc.read(fd, &chunk, chunk.count)
        if got > 0 { return Array(chunk.prefix(got)) }
        if got == 0 { throw disconnect("\(path) closed") }
        if errno == EAGAIN || errno == EINTR { return [] }
        return try fail(errno)
    }

    /// Writes an output report or frame (prompt lights); all or an error.
    public func write(_ bytes: [UInt8]) throws(KeypadError) {
        let fd = descriptor.withLock { $0 }
        guard fd >= 0 else { throw .notConnected(path) }
        var offset = 0
        var attempts = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EINTR) && attempts < 100 {
                attempts += 1
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 10)
                continue
            }
            _ = try fail(n < 0 ? errno : EIO)
        }
    }

    private func fail(_ code: Int32) throws(KeypadError) -> [UInt8] {
        if code == EIO || code == ENODEV || code == ENXIO || code == EPIPE { throw disconnect("\(path): \(String(cString: strerror(code)))") }
        close()
        throw .io("\(path): \(String(cString: strerror(code)))")
    }

    private func disconnect(_ reason: String) -> KeypadError {
        close()
        return .disconnected(reason)
    }

    static func openFailure(_ code: Int32, _ path: String) -> KeypadError {
        switch code {
        case ENOENT, ENXIO, ENODEV: .notConnected(path)
        case EACCES, EPERM: .permissionDenied(path)
        case EBUSY: .busy(path)
        default: .io("\(path): \(String(cString: strerror(code)))")
        }
    }

    /// `struct input_event`'s size as the kernel writes it here.
    public static var inputEventSize: Int { clinuxio_input_event_size() }
}
