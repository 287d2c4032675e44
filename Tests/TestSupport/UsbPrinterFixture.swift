import Foundation

/// An emulated USB receipt printer for umockdev: a sysfs device description (descriptors of
/// a Gprinter-like device, 6868:0500: printer class, protocol 2, bulk OUT 0x03, bulk IN
/// 0x84) and a usbmon capture (pcap, LINKTYPE_USB_LINUX_MMAPPED) of the bulk transfers of
/// one job followed by DLE EOT 1–4 and the printer's replies, which umockdev replays in
/// order to the libusb code under test (`umockdev-run --device … --pcap SYSFS=FILE`).
public struct UsbPrinterFixture {
    public static let sysfsPath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-3"
    public static let vendor = "6868", product = "0500"
    static let bus: UInt16 = 1, device: UInt8 = 2
    static let outEndpoint: UInt8 = 0x03, inEndpoint: UInt8 = 0x84

    /// Device, configuration, printer-class interface and two bulk endpoints.
    static let descriptors: [UInt8] = [
        0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x68, 0x68, 0x00, 0x05, 0x00, 0x01, 0x01, 0x02, 0x00, 0x01,
        0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32,
        0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x02, 0x00,
        0x07, 0x05, outEndpoint, 0x02, 0x40, 0x00, 0x00,
        0x07, 0x05, inEndpoint, 0x02, 0x40, 0x00, 0x00,
    ]

    /// The umockdev-record description of the device.
    public static var deviceDescription: String {
        let hex = descriptors.map { String(format: "%02X", $0) }.joined()
        return """
            P: /devices/pci0000:00/0000:00:14.0/usb1/1-3
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
            E: PRODUCT=6868/500/100
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

    /// The capture: the job written, then for each DLE EOT n the request and the reply byte.
    public static func capture(job: [UInt8], replies: [UInt8]) -> [UInt8] {
        var pcap = Pcap()
        pcap.bulkOut(job)
        for (index, reply) in replies.enumerated() {
            pcap.bulkOut([0x10, 0x04, UInt8(index + 1)])
            pcap.bulkIn(requested: 64, reply: [reply])
        }
        return pcap.bytes
    }

    struct Pcap {
        var bytes: [UInt8] = []
        var id: UInt64 = 0xFFFF_8800_0000_0000
        var usec: UInt32 = 0

        init() {
            append32(0xA1B2_C3D4); append16(2); append16(4); append32(0); append32(0); append32(65535)
            append32(220)  // LINKTYPE_USB_LINUX_MMAPPED
        }

        mutating func bulkOut(_ data: [UInt8]) {
            id += 0x100
            record(type: "S", endpoint: outEndpoint, status: -115, length: data.count, data: data)
            record(type: "C", endpoint: outEndpoint, status: 0, length: data.count, data: [])
        }

        mutating func bulkIn(requested: Int, reply: [UInt8]) {
            id += 0x100
            record(type: "S", endpoint: inEndpoint, status: -115, length: requested, data: [])
            record(type: "C", endpoint: inEndpoint, status: 0, length: reply.count, data: reply)
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
    }
}
