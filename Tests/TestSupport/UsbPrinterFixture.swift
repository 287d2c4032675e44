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
        UsbmonCapture.deviceDescription(sysfs: sysfsPath, vendor: vendor, product: product, descriptors: descriptors)
    }

    /// The capture: the job written, then for each DLE EOT n the request and the reply byte.
    public static func capture(job: [UInt8], replies: [UInt8]) -> [UInt8] {
        var pcap = UsbmonCapture(bus: bus, device: device)
        pcap.bulkOut(outEndpoint, job)
        for (index, reply) in replies.enumerated() {
            pcap.bulkOut(outEndpoint, [0x10, 0x04, UInt8(index + 1)])
            pcap.bulkIn(inEndpoint, requested: 64, reply: [reply])
        }
        return pcap.bytes
    }
}
