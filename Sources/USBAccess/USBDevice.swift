import CLibUSB

/// One claimed interface of a USB device through libusb, with bulk transfers: what the
/// printer and ID reader transports share. Closing releases the interface, gives a detached
/// kernel driver back and ends the libusb context.
public struct USBDevice: ~Copyable, @unchecked Sendable {
    private let context: OpaquePointer
    private let handle: OpaquePointer
    public let interface: Int32
    /// Bulk endpoints of the claimed interface, in descriptor order.
    public let bulkOut: [UInt8]
    public let bulkIn: [UInt8]
    /// `bInterfaceProtocol` of the claimed alternate setting.
    public let interfaceProtocol: UInt8
    private let detached: Bool

    /// What an interface looks like, for choosing one.
    public struct InterfaceInfo {
        public var number: Int32
        public var interfaceClass: UInt8
        public var subclass: UInt8
        public var interfaceProtocol: UInt8
        public var bulkOut: [UInt8]
        public var bulkIn: [UInt8]
    }

    /// Opens the first device with these ids that has an interface `choose` accepts.
    public init(vendorID: UInt16, productID: UInt16, detachKernelDriver: Bool,
                choose: (InterfaceInfo) -> Bool) throws(USBError) {
        var context: OpaquePointer?
        guard libusb_init(&context) == 0, let context else { throw .other("libusb could not start") }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        defer { if let list { libusb_free_device_list(list, 1) } }
        var found: (device: OpaquePointer, info: InterfaceInfo)?
        for index in 0..<max(count, 0) {
            guard let device = list?[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0,
                  descriptor.idVendor == vendorID, descriptor.idProduct == productID,
                  let info = Self.interfaces(of: device).first(where: choose) else { continue }
            found = (device, info)
            break
        }
        guard let found else {
            libusb_exit(context)
            throw .notFound
        }
        var handle: OpaquePointer?
        let opened = libusb_open(found.device, &handle)
        guard opened == 0, let handle else {
            libusb_exit(context)
            throw USBError(code: opened)
        }
        var detached = false
        if detachKernelDriver && libusb_kernel_driver_active(handle, found.info.number) == 1 {
            detached = libusb_detach_kernel_driver(handle, found.info.number) == 0
        }
        let claimed = libusb_claim_interface(handle, found.info.number)
        guard claimed == 0 else {
            // Give the kernel driver its device back (usblp: /dev/usb/lp* and CUPS depend on it).
            if detached { libusb_attach_kernel_driver(handle, found.info.number) }
            libusb_close(handle)
            libusb_exit(context)
            throw USBError(code: claimed)
        }
        self.context = context
        self.handle = handle
        interface = found.info.number
        bulkOut = found.info.bulkOut
        bulkIn = found.info.bulkIn
        interfaceProtocol = found.info.interfaceProtocol
        self.detached = detached
    }

    deinit {
        libusb_release_interface(handle, interface)
        if detached { libusb_attach_kernel_driver(handle, interface) }
        libusb_close(handle)
        libusb_exit(context)
    }

    /// Writes all bytes to a bulk OUT endpoint.
    public func write(_ bytes: [UInt8], to endpoint: UInt8, timeoutMilliseconds: Int) throws(USBError) {
        var data = bytes
        var transferred: Int32 = 0
        let result = libusb_bulk_transfer(handle, endpoint, &data, Int32(data.count), &transferred, UInt32(timeoutMilliseconds))
        guard result == 0 else { throw USBError(code: result) }
        guard Int(transferred) == bytes.count else { throw .shortWrite(written: Int(transferred), of: bytes.count) }
    }

    /// One bulk IN transfer of at most `maximum` bytes.
    public func read(from endpoint: UInt8, maximum: Int, timeoutMilliseconds: Int) throws(USBError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        var transferred: Int32 = 0
        let result = libusb_bulk_transfer(handle, endpoint, &buffer, Int32(maximum), &transferred, UInt32(timeoutMilliseconds))
        guard result == 0 else { throw USBError(code: result) }
        return Array(buffer.prefix(Int(transferred)))
    }

    static func interfaces(of device: OpaquePointer) -> [InterfaceInfo] {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        if libusb_get_active_config_descriptor(device, &config) != 0 {
            guard libusb_get_config_descriptor(device, 0, &config) == 0 else { return [] }
        }
        guard let config else { return [] }
        defer { libusb_free_config_descriptor(config) }
        var found: [InterfaceInfo] = []
        for i in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[i]
            for a in 0..<Int(interface.num_altsetting) {
                let setting = interface.altsetting[a]
                var outs: [UInt8] = []
                var ins: [UInt8] = []
                for e in 0..<Int(setting.bNumEndpoints) {
                    let endpoint = setting.endpoint[e]
                    guard endpoint.bmAttributes & 0x03 == 2 else { continue }
                    if endpoint.bEndpointAddress & 0x80 == 0 { outs.append(endpoint.bEndpointAddress) } else { ins.append(endpoint.bEndpointAddress) }
                }
                found.append(InterfaceInfo(number: Int32(setting.bInterfaceNumber), interfaceClass: setting.bInterfaceClass,
                                           subclass: setting.bInterfaceSubClass, interfaceProtocol: setting.bInterfaceProtocol,
                                           bulkOut: outs, bulkIn: ins))
            }
        }
        return found
    }
}

/// A libusb failure, by kind.
public enum USBError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound
    case noDevice
    case access
    case busy
    case timeout
    case pipe
    case shortWrite(written: Int, of: Int)
    case other(String)

    init(code: Int32) {
        switch code {
        case LIBUSB_ERROR_NO_DEVICE.rawValue: self = .noDevice
        case LIBUSB_ERROR_NOT_FOUND.rawValue: self = .notFound
        case LIBUSB_ERROR_ACCESS.rawValue: self = .access
        case LIBUSB_ERROR_BUSY.rawValue: self = .busy
        case LIBUSB_ERROR_TIMEOUT.rawValue: self = .timeout
        case LIBUSB_ERROR_PIPE.rawValue: self = .pipe
        default: self = .other(String(cString: libusb_error_name(code)))
        }
    }

    public var description: String {
        switch self {
        case .notFound: "LIBUSB_ERROR_NOT_FOUND"
        case .noDevice: "LIBUSB_ERROR_NO_DEVICE (unplugged)"
        case .access: "LIBUSB_ERROR_ACCESS"
        case .busy: "LIBUSB_ERROR_BUSY"
        case .timeout: "LIBUSB_ERROR_TIMEOUT"
        case .pipe: "LIBUSB_ERROR_PIPE (endpoint stalled)"
        case .shortWrite(let w, let n): "wrote \(w) of \(n) bytes"
        case .other(let name): name
        }
    }
}

/// `0483` for 0x0483.
public func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 4 - digits.count) + digits
}
