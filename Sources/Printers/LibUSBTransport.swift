import EscPos
import Synchronization
import USBAccess

/// A printer reached through libusb (devices.md B.3): the USB printer-class interface
/// (class 7, subclass 1) of the device with the configured vendor and product ids, its bulk
/// OUT endpoint, and on bidirectional printers (protocol 2) its bulk IN endpoint for status.
/// The kernel's usblp driver is detached only when configured to (detaching breaks
/// `/dev/usb/lp*` and CUPS on that printer until it is replugged: libusb#364).
public final class LibUSBTransport: PrinterTransport, Sendable {
    public let vendorID: UInt16
    public let productID: UInt16
    public let detachKernelDriver: Bool
    /// Largest single bulk write; big jobs go in pieces so a timeout names the piece.
    public let chunkSize: Int
    private let state = Mutex<USBDevice?>(nil)

    public init(vendorID: UInt16, productID: UInt16, detachKernelDriver: Bool = false, chunkSize: Int = 4096) {
        self.vendorID = vendorID
        self.productID = productID
        self.detachKernelDriver = detachKernelDriver
        self.chunkSize = chunkSize
    }

    deinit { close() }

    public var location: String { "usb " + hex4(vendorID) + ":" + hex4(productID) }
    public var isBidirectional: Bool { true }

    public func close() {
        state.withLock { $0 = nil }
    }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int) throws(PrinterError) {
        try withDevice { device throws(USBError) in
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + chunkSize, bytes.count)
                try device.write(Array(bytes[offset..<end]), to: device.bulkOut[0], timeoutMilliseconds: timeoutMilliseconds)
                offset = end
            }
        }
    }

    public func requestStatus(_ kind: StatusKind, timeoutMilliseconds: Int) throws(PrinterError) -> UInt8? {
        try withDevice { device throws(USBError) -> UInt8? in
            guard device.interfaceProtocol == 2, let input = device.bulkIn.first else { return nil }
            try device.write(EscPosCommand.statusRequest(kind), to: device.bulkOut[0], timeoutMilliseconds: timeoutMilliseconds)
            let reply = try device.read(from: input, maximum: 64, timeoutMilliseconds: timeoutMilliseconds)
            // A late reply to an earlier request may come first (escpos-rs#18): the newest byte answers this one.
            guard let last = reply.last else { throw .timeout }
            return last
        }
    }

    /// Runs a step on the open device, opening it first if needed; a device that is gone
    /// is let go so the next step looks for it again.
    private func withDevice<T>(_ body: (borrowing USBDevice) throws(USBError) -> T) throws(PrinterError) -> T {
        let result: Result<T, USBError> = state.withLock { slot in
            do throws(USBError) {
                if slot == nil {
                    slot = try USBDevice(vendorID: vendorID, productID: productID, detachKernelDriver: detachKernelDriver) {
                        $0.interfaceClass == 7 && $0.subclass == 1 && !$0.bulkOut.isEmpty
                    }
                }
                return .success(try body(slot!))
            } catch {
                if error == .noDevice || error == .notFound { slot = nil }
                return .failure(error)
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw printerError(error)
        }
    }

    private func printerError(_ error: USBError) -> PrinterError {
        switch error {
        case .notFound: .notConnected("\(location) (\(error))")
        case .noDevice: .disconnected("\(location) was unplugged (\(error))")
        case .access: .permissionDenied("\(location) (\(error))")
        case .busy: .busy("\(location): the interface is held by another driver (usblp or CUPS); set detachKernelDriver or use the usblp device")
        case .timeout: .timeout("\(location) (\(error))")
        case .pipe, .shortWrite, .other: .io("\(location): \(error)")
        }
    }
}
