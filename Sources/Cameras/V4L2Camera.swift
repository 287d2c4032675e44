import CLinuxIO
import DeviceSupport
import Glibc

/// A UVC document camera on /dev/videoN, through V4L2 (one ioctl per C shim call): check it
/// captures and streams, pick MJPEG at the largest size (YUYV as the fallback), map buffers,
/// stream, let exposure settle for `settleFrames`, keep one frame, stop. The device is open
/// only for the capture, so the vendor's tool or a replug in between does no harm.
public struct V4L2Camera: StillCamera {
    public let path: String
    public let settleFrames: Int
    public let timeoutMilliseconds: Int32

    public init(path: String, settleFrames: Int = 5, timeoutMilliseconds: Int32 = 3000) {
        self.path = path; self.settleFrames = settleFrames; self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var location: String { path }
    public var isPresent: Bool { PresenceWatch.exists(path) }

    /// The capture node whose card name contains `name` (dual-lens units: "Document" vs
    /// "Face"), looked up anew each time since node numbers change when a camera is replugged.
    public static func node(named name: String) -> String? {
        for n in 0..<64 {
            let path = "/dev/video\(n)"
            let fd = Glibc.open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { Glibc.close(fd) }
            var card = [CChar](repeating: 0, count: 64)
            var caps: UInt32 = 0
            guard clinuxio_v4l2_querycap(fd, &card, card.count, &caps) == 0, caps & clinuxio_v4l2_cap_capture() != 0 else { continue }
            if JPEGCodec.text(card).localizedCaseInsensitiveContains(name) { return path }
        }
        return nil
    }

    public func captureStill() throws(CameraError) -> CapturedStill {
        let fd = Glibc.open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno, opening: true) }
        defer { Glibc.close(fd) }

        var card = [CChar](repeating: 0, count: 64)
        var caps: UInt32 = 0
        guard clinuxio_v4l2_querycap(fd, &card, card.count, &caps) == 0 else { throw .notACaptureDevice(path) }
        guard caps & clinuxio_v4l2_cap_capture() != 0, caps & clinuxio_v4l2_cap_streaming() != 0 else { throw .notACaptureDevice(path) }

        let format = try CaptureFormat.choose(from: offers(fd))
        var fourcc: UInt32 = 0, width: UInt32 = 0, height: UInt32 = 0, bytesPerLine: UInt32 = 0
        guard clinuxio_v4l2_set_format(fd, Self.fourcc(format.pixel.rawValue), UInt32(format.width), UInt32(format.height),
                                       &fourcc, &width, &height, &bytesPerLine) == 0 else { throw failure(errno) }
        // What the driver granted, which may differ from what was asked.
        guard let pixel = CaptureFormat.Pixel(rawValue: Self.name(fourcc)) else { throw .noSupportedFormat("the driver gave \(Self.name(fourcc))") }
        let granted = CaptureFormat(pixel: pixel, width: Int(width), height: Int(height))

        let count = clinuxio_v4l2_request_buffers(fd, 2)
        guard count > 0 else { throw failure(errno) }
        var buffers: [(UnsafeMutableRawPointer, Int)] = []
        defer {
            for (address, length) in buffers { _ = clinuxio_v4l2_unmap(address, length) }
            _ = clinuxio_v4l2_request_buffers(fd, 0)
        }
        for index in 0..<UInt32(count) {
            var address: UnsafeMutableRawPointer?
            var length = 0
            guard clinuxio_v4l2_map_buffer(fd, index, &address, &length) == 0, let address else { throw failure(errno) }
            buffers.append((address, length))
            guard clinuxio_v4l2_queue(fd, index) == 0 else { throw failure(errno) }
        }
        guard clinuxio_v4l2_stream(fd, 1) == 0 else { throw failure(errno) }
        defer { _ = clinuxio_v4l2_stream(fd, 0) }

        var seen = 0, broken = 0
        // One deadline for the whole capture: a camera that keeps sending broken frames ends too.
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMilliseconds) + settleFrames * 200)
        while true {
            guard ContinuousClock.now < deadline, broken < 30 else {
                throw .timeout("\(path) gave no usable frame (\(seen) frames, \(broken) broken)")
            }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let n = poll(&entry, 1, timeoutMilliseconds)
            if n < 0 && errno == EINTR { continue }
            if n == 0 { throw .timeout("\(path) sent no frame in \(timeoutMilliseconds) ms") }
            if entry.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { throw .disconnected(path) }
            var index: UInt32 = 0, used: UInt32 = 0
            var flagged: Int32 = 0
            guard clinuxio_v4l2_dequeue(fd, &index, &used, &flagged) == 0 else {
                if errno == EAGAIN { continue }
                throw failure(errno)
            }
            seen += 1
            if flagged != 0 || used == 0 { broken += 1 }
            if seen > settleFrames && flagged == 0 && used > 0 {
                let (address, length) = buffers[Int(index)]
                let frame = Array(UnsafeRawBufferPointer(start: address, count: min(Int(used), length)))
                return try CapturedStill.from(frame: frame, format: granted, bytesPerLine: Int(bytesPerLine), device: path)
            }
            guard clinuxio_v4l2_queue(fd, index) == 0 else { throw failure(errno) }
        }
    }

    private func offers(_ fd: Int32) -> [CaptureFormat.Offer] {
        var offers: [CaptureFormat.Offer] = []
        var index: UInt32 = 0
        var fourcc: UInt32 = 0
        while clinuxio_v4l2_enum_format(fd, index, &fourcc) == 0 {
            var sizes: [(width: Int, height: Int)] = []
            var s: UInt32 = 0, w: UInt32 = 0, h: UInt32 = 0
            while clinuxio_v4l2_enum_size(fd, fourcc, s, &w, &h) == 0 { sizes.append((Int(w), Int(h))); s += 1 }
            offers.append(.init(fourcc: Self.name(fourcc), sizes: sizes))
            index += 1
        }
        return offers
    }

    static func fourcc(_ name: String) -> UInt32 {
        name.utf8.prefix(4).enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    static func name(_ fourcc: UInt32) -> String {
        String(decoding: (0..<4).map { UInt8((fourcc >> (8 * $0)) & 0xFF) }, as: UTF8.self)
    }

    private func failure(_ code: Int32, opening: Bool = false) -> CameraError {
        switch code {
        case ENOTTY where opening, EINVAL where opening: .notACaptureDevice(path)
        case EBUSY: .busy("\(path) is in use by another program (close the vendor's capture tool)")
        default: .device(opening ? .opening(path, errno: code) : .using(path, errno: code, doing: "capturing"))
        }
    }
}
