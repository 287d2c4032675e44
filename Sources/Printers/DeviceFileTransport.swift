import CLinuxIO
import DeviceSupport
import EscPos
import Glibc

/// A printer behind a character device: the kernel's usblp (`/dev/usb/lp0`, write and read
/// like a file; devices.md B.3), or a serial line (`/dev/ttyUSB0`, set to raw 8N1). The
/// simulated printer is a pseudo-terminal reached the same way. The device is opened on
/// first use and again after it went away (``DeviceNode``), so a printer plugged back in
/// just works.
public final class DeviceFileTransport: PrinterTransport, Sendable {
    public let path: String
    public let isBidirectional: Bool
    private let node: DeviceNode

    /// The speed a serial line is set to (a usblp device has none).
    public let baud: Int

    public init(path: String, bidirectional: Bool = true, baud: Int = 115_200) {
        self.path = path
        self.isBidirectional = bidirectional
        self.baud = baud
        node = DeviceNode(path: path)
    }

    public var location: String { path }

    public func close() { node.close() }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int) throws(PrinterError) {
        let fd = try open()
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        try PrinterError.lifting { () throws(DeviceFault) in
            try node.write(fd, bytes, until: deadline, doing: "writing", timedOut: .timeout("writing \(path)"))
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
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        return try PrinterError.lifting { () throws(DeviceFault) -> UInt8? in
            while true {
                try node.wait(fd, for: Int16(POLLIN), until: deadline, doing: "reading status", timedOut: .timeout("reading status \(path)"))
                if let byte = try node.readAvailable(fd, limit: 1, doing: "reading status").first { return byte }
            }
        }
    }

    // MARK: Plumbing

    private func open() throws(PrinterError) -> Int32 {
        try PrinterError.lifting { () throws(DeviceFault) in
            try node.open(flags: O_RDWR | O_NOCTTY) { fd in
                guard isatty(fd) == 1 else { return }
                _ = clinuxio_serial_raw(fd, Int32(baud))
            }.fd
        }
    }

    /// Throws away stale bytes so a status reply belongs to this request (escpos-rs#18).
    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while Glibc.read(fd, &buffer, buffer.count) > 0 {}
    }
}
