import EscPos

/// A way to reach one printer: bytes out, and where the printer is bidirectional, status
/// bytes back. Calls block (with their own timeouts); `PrinterDriver` runs them on a
/// thread of its own so no kiosk request ever waits on a device.
public protocol PrinterTransport: Sendable {
    /// Where the printer is, for the technician (`/dev/usb/lp0`, `usb 0483:5743`, `cups:Ticket`).
    var location: String { get }
    /// Whether status can be read back (DLE EOT needs a bidirectional link).
    var isBidirectional: Bool { get }
    /// Sends one whole job.
    func send(_ bytes: [UInt8], timeoutMilliseconds: Int) throws(PrinterError)
    /// Asks for one DLE EOT status byte; nil when the link is one-way.
    func requestStatus(_ kind: StatusKind, timeoutMilliseconds: Int) throws(PrinterError) -> UInt8?
    /// Lets go of the device (the next call opens it again).
    func close()
    /// Checks the printer can be reached and can print, without printing: the idle poll.
    /// Full status on bidirectional links; one-way links check what they can.
    func probe(timeoutMilliseconds: Int) throws(PrinterError) -> PrinterStatus?
}

extension PrinterTransport {
    public func probe(timeoutMilliseconds: Int) throws(PrinterError) -> PrinterStatus? {
        try readStatus(timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Full status from DLE EOT 1–4, or nil for a one-way link.
    public func readStatus(timeoutMilliseconds: Int) throws(PrinterError) -> PrinterStatus? {
        guard isBidirectional else { return nil }
        var status = PrinterStatus()
        for kind in StatusKind.allCases {
            guard let byte = try requestStatus(kind, timeoutMilliseconds: timeoutMilliseconds) else { return nil }
            guard status.apply(byte, for: kind) else {
                throw .io("reply 0x\(String(byte, radix: 16)) to DLE EOT \(kind.rawValue) is not a status byte")
            }
        }
        return status
    }
}
