import CLinuxIO
import DeviceSupport
import Glibc

/// The device node of a keypad, opened the way its protocol needs: an input device
/// read-only and grabbed exclusively, a hidraw node read-write for output reports, a serial
/// line raw at its baud rate. Reads wait at most a given time so the driver's loop can stop.
public final class KeypadDevice: Sendable {
    public let path: String
    public let kind: KeypadProtocol
    public let baud: Int
    private let node: DeviceNode

    public init(path: String, kind: KeypadProtocol, baud: Int = 9600) {
        self.path = path
        self.kind = kind
        self.baud = baud
        node = DeviceNode(path: path)
    }

    public var isOpen: Bool { node.isOpen }

    /// Opens the device; returns its name when the device reports one.
    @discardableResult
    public func open() throws(KeypadError) -> String? {
        var name = [CChar](repeating: 0, count: 256)
        let (kind, path, baud) = (self.kind, self.path, self.baud)
        let flags: Int32 = if case .evdev = kind { O_RDONLY } else { O_RDWR | O_NOCTTY }
        let (fd, fresh) = try KeypadError.lifting { () throws(DeviceFault) in
            try node.open(flags: flags) { fd throws(DeviceFault) in
                switch kind {
                case .evdev:
                    if clinuxio_evdev_grab(fd, 1) != 0 {
                        let code = errno
                        throw code == EBUSY ? .busy("\(path) is grabbed by another program; key presses would leak to the screen")
                            : .io("\(path): cannot grab the input device: \(String(cString: strerror(code)))")
                    }
                case .serial:
                    if isatty(fd) == 1 && clinuxio_serial_raw(fd, Int32(baud)) != 0 {
                        throw .io("\(path): cannot set the line to raw \(baud) 8N1: \(String(cString: strerror(errno)))")
                    }
                case .hidraw:
                    break
                }
            }
        }
        guard fresh else { return nil }
        let length: Int32 = switch kind {
        case .evdev: clinuxio_evdev_name(fd, &name, name.count - 1)
        case .hidraw: clinuxio_hidraw_name(fd, &name, name.count - 1)
        case .serial: 0
        }
        return length > 0 ? name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : nil
    }

    /// Closing also releases an evdev grab.
    public func close() { node.close() }

    /// Bytes that arrived within `timeoutMilliseconds` (empty when none did).
    public func read(timeoutMilliseconds: Int32) throws(KeypadError) -> [UInt8] {
        guard let fd = node.current else { throw .notConnected(path) }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMilliseconds))
        return try KeypadError.lifting { () throws(DeviceFault) in
            do throws(DeviceFault) {
                try node.wait(fd, for: Int16(POLLIN), until: deadline, doing: "reading", timedOut: .timeout(path))
            } catch {
                if case .timeout = error { return [] }  // nothing pressed: not a fault
                throw error
            }
            return try node.readAvailable(fd, limit: 1024, doing: "reading")
        }
    }

    /// Writes an output report or frame (prompt lights); all or an error.
    public func write(_ bytes: [UInt8]) throws(KeypadError) {
        guard let fd = node.current else { throw .notConnected(path) }
        try KeypadError.lifting { () throws(DeviceFault) in
            try node.write(fd, bytes, until: .now + .seconds(1), doing: "writing", timedOut: .timeout("\(path): the keypad takes no output"))
        }
    }

    /// `struct input_event`'s size as the kernel writes it here.
    public static var inputEventSize: Int { clinuxio_input_event_size() }
}
