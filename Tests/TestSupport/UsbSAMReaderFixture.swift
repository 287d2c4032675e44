import IDCard

/// An emulated native-USB ID reader (0400:c35a: vendor-specific interface, split pipes
/// OUT 0x02/0x06, IN 0x81/0x85 as the SAM module protocol has them), and a capture of one
/// card read: SAM status, find, select, read, each command's head and body to their pipes
/// and each reply's head and body from theirs.
public enum UsbSAMReaderFixture {
    public static let sysfsPath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-4"
    public static let vendor = "0400", product = "c35a"

    static let descriptors: [UInt8] = [
        0x12, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 0x40, 0x00, 0x04, 0x5A, 0xC3, 0x00, 0x01, 0x01, 0x02, 0x00, 0x01,
        0x09, 0x02, 0x2E, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
        0x09, 0x04, 0x00, 0x00, 0x04, 0xFF, 0x00, 0x00, 0x00,
        0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,
        0x07, 0x05, 0x06, 0x02, 0x40, 0x00, 0x00,
        0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00,
        0x07, 0x05, 0x85, 0x02, 0x40, 0x00, 0x00,
    ]

    public static var deviceDescription: String {
        UsbmonCapture.deviceDescription(sysfs: sysfsPath, vendor: vendor, product: product, descriptors: descriptors)
    }

    /// The other style seen in the field: one bulk OUT (0x01) and one bulk IN (0x82) pipe.
    public static var singlePipeDescription: String {
        let single: [UInt8] = [
            0x12, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 0x40, 0x00, 0x04, 0x5A, 0xC3, 0x00, 0x01, 0x01, 0x02, 0x00, 0x01,
            0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
            0x09, 0x04, 0x00, 0x00, 0x02, 0xFF, 0x00, 0x00, 0x00,
            0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00,
            0x07, 0x05, 0x82, 0x02, 0x40, 0x00, 0x00,
        ]
        return UsbmonCapture.deviceDescription(sysfs: sysfsPath, vendor: vendor, product: product, descriptors: single)
    }

    /// The transfers of reading `card` the way `onevisit idcard usb` does.
    public static func capture(reading card: Identity, singlePipe: Bool = false) -> [UInt8] {
        var pcap = UsbmonCapture()
        let exchanges: [(SAMCommand, SAMFrame.Reply)] = [
            (.samStatus, SAMFrame.Reply(sw3: 0x90)),
            (.findCard, SAMFrame.Reply(sw3: 0x9F, data: [0, 0, 0, 0])),
            (.selectCard, SAMFrame.Reply(sw3: 0x90, data: [UInt8](repeating: 0, count: 8))),
            (.readText, SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData(card, withFingerprint: false))),
        ]
        for (command, reply) in exchanges {
            let frame = SAMFrame.command(command)
            if singlePipe {
                // Whole frames; the reply comes in 64-byte packets.
                pcap.bulkOut(0x01, frame)
                let bytes = reply.frame
                for start in stride(from: 0, to: bytes.count, by: 64) {
                    pcap.bulkIn(0x82, requested: 64, reply: Array(bytes[start..<min(start + 64, bytes.count)]))
                }
                continue
            }
            pcap.bulkOut(0x02, Array(frame.prefix(7)))
            pcap.bulkOut(0x06, Array(frame.dropFirst(7)))
            let bytes = reply.frame
            pcap.bulkIn(0x81, requested: 7, reply: Array(bytes.prefix(7)))
            pcap.bulkIn(0x85, requested: bytes.count - 7, reply: Array(bytes.dropFirst(7)))
        }
        return pcap.bytes
    }
}
