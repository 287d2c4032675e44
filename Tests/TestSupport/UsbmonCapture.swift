import Foundation

/// A usbmon capture (pcap, LINKTYPE_USB_LINUX_MMAPPED) of bulk transfers, as
/// `umockdev-run --pcap SYSFS=FILE` replays them in order to libusb code: each OUT transfer
/// must carry exactly the recorded bytes; each IN transfer gets the recorded reply.
public struct UsbmonCapture {
    public private(set) var bytes: [UInt8] = []
    let bus: UInt16
    let device: UInt8
    var id: UInt64 = 0xFFFF_8800_0000_0000
    var usec: UInt32 = 0

    public init(bus: UInt16 = 1, device: UInt8 = 2) {
        self.bus = bus
        self.device = device
        append32(0xA1B2_C3D4); append16(2); append16(4); append32(0); append32(0); append32(65535)
        append32(220)  // LINKTYPE_USB_LINUX_MMAPPED
    }

    public mutating func bulkOut(_ endpoint: UInt8, _ data: [UInt8]) {
        id += 0x100
        record(type: "S", endpoint: endpoint, status: -115, length: data.count, data: data)
        record(type: "C", endpoint: endpoint, status: 0, length: data.count, data: [])
    }

    public mutating func bulkIn(_ endpoint: UInt8, requested: Int, reply: [UInt8]) {
        id += 0x100
        record(type: "S", endpoint: endpoint, status: -115, length: requested, data: [])
        record(type: "C", endpoint: endpoint, status: 0, length: reply.count, data: reply)
    }

    /// One usbmon record: pcap record header, the 64-byte mmapped usbmon header, data.
    mutating func record(type: Character, endpoint: UInt8, status: Int32, length: Int, data: [UInt8]) {
        usec += 1000
        append32(0); append32(usec); append32(UInt32(64 + data.count)); append32(UInt32(64 + data.count))
        append64(id)
        bytes += [UInt8(ascii: type.unicodeScalars.first!), 3, endpoint, device]
        append16(bus)
        bytes += [UInt8(ascii: "-"), data.isEmpty ? UInt8(ascii: endpoint & 0x80 != 0 ? ">" : "<") : 0]
        append64(0); append32(usec)
        append32(UInt32(bitPattern: status)); append32(UInt32(length)); append32(UInt32(data.count))
        bytes += [UInt8](repeating: 0, count: 8)
        append32(0); append32(0); append32(0); append32(0)
        bytes += data
    }

    mutating func append16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func append32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func append64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }

    /// The umockdev-record description of a full-speed USB device on bus 1, address 2.
    public static func deviceDescription(sysfs: String, vendor: String, product: String, descriptors: [UInt8]) -> String {
        let hex = descriptors.map { String(format: "%02X", $0) }.joined()
        return """
            P: \(sysfs.dropFirst("/sys".count))
            N: bus/usb/001/002=\(hex)
            E: BUSNUM=001
            E: DEVNAME=/dev/bus/usb/001/002
            E: DEVNUM=002
            E: DEVTYPE=usb_device
            E: DRIVER=usb
            E: ID_VENDOR_ID=\(vendor)
            E: ID_MODEL_ID=\(product)
            E: MAJOR=189
            E: MINOR=1
            E: PRODUCT=\(vendor)/\(product)/100
            E: SUBSYSTEM=usb
            A: bConfigurationValue=1
            A: bDeviceClass=00
            A: bNumConfigurations=1
            A: bNumInterfaces= 1
            A: busnum=1
            A: devnum=2
            H: descriptors=\(hex)
            A: dev=189:1
            A: idProduct=\(product)
            A: idVendor=\(vendor)
            A: speed=12

            """
    }
}
