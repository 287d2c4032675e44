import IDCard
import Synchronization
import USBAccess

/// A SAM reader module on USB through libusb (0400:c35a and alikes; devices.md A.4), in
/// either style seen in the field: one bulk OUT and one bulk IN pipe carrying whole frames
/// (replies read in packets until the length is complete), or split pipes: preamble and
/// length to 0x02, the rest to 0x06; the reply's head from 0x81, its rest from 0x85.
public final class USBSAMTransport: SAMTransport, Sendable {
    public enum Style: Sendable, Equatable {
        case singlePipe
        case splitPipes(headOut: UInt8, bodyOut: UInt8, headIn: UInt8, bodyIn: UInt8)

        /// The endpoints of the SAM module protocol (A.1).
        public static let samModule = Style.splitPipes(headOut: 0x02, bodyOut: 0x06, headIn: 0x81, bodyIn: 0x85)
    }

    public let vendorID: UInt16
    public let productID: UInt16
    public let style: Style
    private let state = Mutex<USBDevice?>(nil)

    public init(vendorID: UInt16 = 0x0400, productID: UInt16 = 0xC35A, style: Style = .samModule) {
        self.vendorID = vendorID
        self.productID = productID
        self.style = style
    }

    deinit { close() }

    public var location: String { "usb " + hex4(vendorID) + ":" + hex4(productID) }
    public var skippedBytes: Int { 0 }

    public func close() { state.withLock { $0 = nil } }

    public func exchange(_ frame: [UInt8], timeoutMilliseconds timeout: Int) throws(ReaderError) -> SAMFrame.Reply {
        let style = self.style
        let bytes: [UInt8] = try withDevice { device throws(USBError) -> [UInt8] in
            switch style {
            case .singlePipe:
                try device.write(frame, to: device.bulkOut[0], timeoutMilliseconds: timeout)
                var reply: [UInt8] = []
                while SAMFrame.expectedLength(reply).map({ reply.count < $0 }) ?? true {
                    let packet = try device.read(from: device.bulkIn[0], maximum: 64, timeoutMilliseconds: timeout)
                    guard !packet.isEmpty else { throw .timeout }
                    reply += packet
                    if reply.count > 8192 { break }
                }
                return reply
            case .splitPipes(let headOut, let bodyOut, let headIn, let bodyIn):
                try device.write(Array(frame.prefix(7)), to: headOut, timeoutMilliseconds: timeout)
                try device.write(Array(frame.dropFirst(7)), to: bodyOut, timeoutMilliseconds: timeout)
                let head = try device.read(from: headIn, maximum: 7, timeoutMilliseconds: timeout)
                guard let total = SAMFrame.expectedLength(head), total - 7 <= 4096 else { return head }
                var body: [UInt8] = []
                while body.count < total - 7 {
                    let packet = try device.read(from: bodyIn, maximum: total - 7 - body.count, timeoutMilliseconds: timeout)
                    guard !packet.isEmpty else { throw .timeout }
                    body += packet
                }
                return head + body
            }
        }
        do { return try SAMFrame.decodeReply(bytes) } catch { throw .frame(error) }
    }

    private func withDevice<T>(_ body: (borrowing USBDevice) throws(USBError) -> T) throws(ReaderError) -> T {
        let style = self.style
        let result: Result<T, USBError> = state.withLock { slot in
            do throws(USBError) {
                if slot == nil {
                    slot = try USBDevice(vendorID: vendorID, productID: productID, detachKernelDriver: false) { info in
                        switch style {
                        case .singlePipe: !info.bulkOut.isEmpty && !info.bulkIn.isEmpty
                        case .splitPipes(let ho, let bo, let hi, let bi):
                            info.bulkOut.contains(ho) && info.bulkOut.contains(bo) && info.bulkIn.contains(hi) && info.bulkIn.contains(bi)
                        }
                    }
                }
                return .success(try body(slot!))
            } catch {
                if error == .noDevice || error == .notFound || error == .timeout { slot = nil }
                return .failure(error)
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            switch error {
            case .notFound: throw .notConnected("\(location) (\(error))")
            case .noDevice: throw .disconnected("\(location) was unplugged (\(error))")
            case .access: throw .permissionDenied("\(location) (\(error))")
            case .timeout: throw .timeout("\(location) (\(error))")
            case .busy, .pipe, .shortWrite, .other: throw .io("\(location): \(error)")
            }
        }
    }
}
