import CLinuxIO
import DeviceSupport
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
    private let node: DeviceNode
    /// Bytes skipped while hunting for a preamble since the start (noise on the line).
    private let skipped = Atomic<Int>(0)

    public init(path: String, baud: Int = 115_200) {
        self.path = path
        self.baud = baud
        node = DeviceNode(path: path)
    }

    public var skippedBytes: Int { skipped.load(ordering: .relaxed) }
    public var location: String { path }

    public func close() { node.close() }

    /// Sends one command frame and returns the reader's reply.
    public func exchange(_ frame: [UInt8], timeoutMilliseconds: Int) throws(ReaderError) -> SAMFrame.Reply {
        let fd = try open()
        tcflush(fd, TCIFLUSH)
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        try ReaderError.lifting { () throws(DeviceFault) in
            try node.write(fd, frame, until: deadline, doing: "writing", timedOut: .timeout("\(path): no reply"))
        }
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
        try ReaderError.lifting { () throws(DeviceFault) in
            try node.open(flags: O_RDWR | O_NOCTTY) { fd in
                if isatty(fd) == 1 { _ = clinuxio_serial_raw(fd, Int32(baud)) }
            }.fd
        }
    }

    private func read(_ fd: Int32, until deadline: ContinuousClock.Instant, have: Int) throws(ReaderError) -> [UInt8] {
        try ReaderError.lifting { () throws(DeviceFault) in
            while true {
                try node.wait(fd, for: Int16(POLLIN), until: deadline, doing: "reading",
                              timedOut: .timeout(have > 0 ? "\(path): reply incomplete after \(have) bytes" : "\(path): no reply"))
                let bytes = try node.readAvailable(fd, doing: "reading")
                if !bytes.isEmpty { return bytes }
            }
        }
    }
}
