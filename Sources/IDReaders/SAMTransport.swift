import IDCard

/// A way to reach a SAM reader module: one command frame out, its reply frame back.
/// Calls block within their timeout; `IDCardReader` runs them on a thread of its own.
public protocol SAMTransport: Sendable {
    /// Where the reader is, for the technician (`/dev/ttyUSB0`, `usb 0400:c35a`).
    var location: String { get }
    /// Bytes of noise skipped while looking for reply frames.
    var skippedBytes: Int { get }
    func exchange(_ frame: [UInt8], timeoutMilliseconds: Int) throws(ReaderError) -> SAMFrame.Reply
    /// Lets go of the device; the next exchange opens it again.
    func close()
}
