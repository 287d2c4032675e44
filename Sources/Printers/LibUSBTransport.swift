import CLibUSB
import EscPos
import Synchronization

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
    private let state = Mutex<Connection?>(nil)

    public init(vendorID: UInt16, productID: UInt16, detachKernelDriver: Bool = false, chunkSize: Int = 4096) {
        self.vendorID = vendorID
        self.productID = productID
        self.detachKernelDriver = detachKernelDriver
        self.chunkSize = chunkSize
    }

    deinit { close() }

    public var location: String { "usb " + hex(vendorID) + ":" + hex(productID) }
    public var isBidirectional: Bool { true }

    public func close() {
        state.withLock { $0 = nil }
    }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int) throws(PrinterError) {
        try withConnection { connection throws(PrinterError) in
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + chunkSize, bytes.count)
                try connection.write(Array(bytes[offset..<end]), timeout: timeoutMilliseconds, what: location)
                offset = end
            }
        }
    }

    public func requestStatus(_ kind: StatusKind, timeoutMilliseconds: Int) throws(PrinterError) -> UInt8? {
        try withConnection { connection throws(PrinterError) -> UInt8? in
            guard connection.inEndpoint != nil else { return nil }
            try connection.write(EscPosCommand.statusRequest(kind), timeout: timeoutMilliseconds, what: location)
            return try connection.readByte(timeout: timeoutMilliseconds, what: location)
        }
    }

    /// Runs a step on the open device, opening it first if needed; a device that is gone
    /// is closed so the next step looks for it again.
    private func withConnection<T>(_ body: (borrowing Connection) throws(PrinterError) -> T) throws(PrinterError) -> T {
        let result: Result<T, PrinterError> = state.withLock { slot in
            do throws(PrinterError) {
                if slot == nil { slot = try Connection(vendorID: vendorID, productID: productID, detach: detachKernelDriver, location: location) }
                return .success(try body(slot!))
            } catch {
                if case .disconnected = error { slot = nil }
                if case .notConnected = error { slot = nil }
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The opened device with its claimed printer interface.
/// Only ever used under the transport's lock.
private struct Connection: ~Copyable, @unchecked Sendable {
    let context: OpaquePointer
    let handle: OpaquePointer
    let interface: Int32
    let outEndpoint: UInt8
    let inEndpoint: UInt8?
    let detached: Bool

    init(vendorID: UInt16, productID: UInt16, detach: Bool, location: String) throws(PrinterError) {
        var context: OpaquePointer?
        guard libusb_init(&context) == 0, let context else { throw .transport("libusb could not start") }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        defer { if let list { libusb_free_device_list(list, 1) } }
        var found: (device: OpaquePointer, interface: Int32, out: UInt8, in: UInt8?)?
        for index in 0..<max(count, 0) {
            guard let device = list?[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0,
                  descriptor.idVendor == vendorID, descriptor.idProduct == productID,
                  let printer = Self.printerInterface(of: device) else { continue }
            found = (device, printer.interface, printer.out, printer.in)
            break
        }
        guard let found else {
            libusb_exit(context)
            throw .notConnected("no USB printer \(location)")
        }
        var handle: OpaquePointer?
        let opened = libusb_open(found.device, &handle)
        guard opened == 0, let handle else {
            libusb_exit(context)
            throw Self.error(opened, location)
        }
        var detached = false
        if detach && libusb_kernel_driver_active(handle, found.interface) == 1 {
            detached = libusb_detach_kernel_driver(handle, found.interface) == 0
        }
        let claimed = libusb_claim_interface(handle, found.interface)
        guard claimed == 0 else {
            // Give usblp its printer back: /dev/usb/lp* and CUPS depend on it.
            if detached { libusb_attach_kernel_driver(handle, found.interface) }
            libusb_close(handle)
            libusb_exit(context)
            throw claimed == LIBUSB_ERROR_BUSY.rawValue
                ? .busy("\(location): the interface is held by another driver (usblp or CUPS); set detachKernelDriver or use the usblp device")
                : Self.error(claimed, location)
        }
        self.context = context
        self.handle = handle
        interface = found.interface
        outEndpoint = found.out
        inEndpoint = found.in
        self.detached = detached
    }

    deinit {
        libusb_release_interface(handle, interface)
        if detached { libusb_attach_kernel_driver(handle, interface) }
        libusb_close(handle)
        libusb_exit(context)
    }

    /// The printer-class interface and its bulk endpoints; IN only for protocol 2.
    static func printerInterface(of device: OpaquePointer) -> (interface: Int32, out: UInt8, in: UInt8?)? {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        if libusb_get_active_config_descriptor(device, &config) != 0 {
            guard libusb_get_config_descriptor(device, 0, &config) == 0 else { return nil }
        }
        guard let config else { return nil }
        defer { libusb_free_config_descriptor(config) }
        for i in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[i]
            for a in 0..<Int(interface.num_altsetting) {
                let setting = interface.altsetting[a]
                guard setting.bInterfaceClass == 7, setting.bInterfaceSubClass == 1 else { continue }
                var out: UInt8?
                var input: UInt8?
                for e in 0..<Int(setting.bNumEndpoints) {
                    let endpoint = setting.endpoint[e]
                    guard endpoint.bmAttributes & 0x03 == 2 else { continue }  // bulk
                    if endpoint.bEndpointAddress & 0x80 == 0 { out = out ?? endpoint.bEndpointAddress } else { input = input ?? endpoint.bEndpointAddress }
                }
                guard let out else { continue }
                return (Int32(setting.bInterfaceNumber), out, setting.bInterfaceProtocol == 2 ? input : nil)
            }
        }
        return nil
    }

    func write(_ bytes: [UInt8], timeout: Int, what: String) throws(PrinterError) {
        var data = bytes
        var transferred: Int32 = 0
        let result = libusb_bulk_transfer(handle, outEndpoint, &data, Int32(data.count), &transferred, UInt32(timeout))
        guard result == 0, Int(transferred) == bytes.count else {
            throw result == 0 ? .timeout("\(what): wrote \(transferred) of \(bytes.count) bytes") : Self.error(result, what)
        }
    }

    func readByte(timeout: Int, what: String) throws(PrinterError) -> UInt8 {
        guard let inEndpoint else { throw .transport("\(what) has no status endpoint") }
        var buffer = [UInt8](repeating: 0, count: 64)
        var transferred: Int32 = 0
        let result = libusb_bulk_transfer(handle, inEndpoint, &buffer, Int32(buffer.count), &transferred, UInt32(timeout))
        guard result == 0 else { throw Self.error(result, what) }
        guard transferred > 0 else { throw .timeout("\(what) sent an empty status reply") }
        // A late reply to an earlier request may come first (escpos-rs#18): the newest byte answers this one.
        return buffer[Int(transferred) - 1]
    }

    static func error(_ code: Int32, _ what: String) -> PrinterError {
        let name = String(cString: libusb_error_name(code))
        switch code {
        case LIBUSB_ERROR_NO_DEVICE.rawValue: return .disconnected("\(what) was unplugged (\(name))")
        case LIBUSB_ERROR_NOT_FOUND.rawValue: return .notConnected("\(what) (\(name))")
        case LIBUSB_ERROR_ACCESS.rawValue: return .permissionDenied("\(what) (\(name))")
        case LIBUSB_ERROR_BUSY.rawValue: return .busy("\(what) (\(name))")
        case LIBUSB_ERROR_TIMEOUT.rawValue: return .timeout("\(what) (\(name))")
        case LIBUSB_ERROR_PIPE.rawValue: return .transport("\(what): endpoint stalled (\(name))")
        default: return .transport("\(what): \(name)")
        }
    }
}

private func hex(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 4 - digits.count) + digits
}
