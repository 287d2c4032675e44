/// One still from a document camera (高拍仪), ready to store: a JPEG that opens anywhere.
public struct CapturedStill: Sendable, Equatable {
    public var jpeg: [UInt8]
    public var width: Int
    public var height: Int
    /// What the camera delivered: `MJPG 3264×2448`, `YUYV 2592×1944`, `simulated`.
    public var format: String
    /// The device it came from: `/dev/video0`, `simulated:window-3`.
    public var device: String

    public init(jpeg: [UInt8], width: Int, height: Int, format: String, device: String) {
        self.jpeg = jpeg; self.width = width; self.height = height; self.format = format; self.device = device
    }
}

/// Anything that takes a still: the V4L2 camera at a window, or the simulated one. The
/// hall captures through this one interface either way.
public protocol StillCamera: Sendable {
    var location: String { get }
    /// Whether the camera is there now (its node exists), without opening it.
    var isPresent: Bool { get }
    /// Blocks until a still is taken or fails; call it off the cooperative pool.
    func captureStill() throws(CameraError) -> CapturedStill
}

extension CapturedStill {
    /// A camera's raw frame made into a still: MJPEG gets its Huffman tables and must
    /// decode; YUYV is converted and encoded.
    public static func from(frame: [UInt8], format: CaptureFormat, bytesPerLine: Int?, device: String, quality: Int = 85) throws(CameraError) -> CapturedStill {
        switch format.pixel {
        case .mjpeg:
            let jpeg = try JPEGFrame(frame).withHuffmanTables()
            let decoded = try JPEGCodec.check(jpeg.bytes)
            return CapturedStill(jpeg: jpeg.bytes, width: decoded.width, height: decoded.height, format: format.description, device: device)
        case .yuyv:
            let rgb = try YUYVConverter.rgb(frame, width: format.width, height: format.height, bytesPerLine: bytesPerLine)
            let jpeg = try JPEGCodec.encode(rgb, width: format.width, height: format.height, components: 3, quality: quality)
            return CapturedStill(jpeg: jpeg, width: format.width, height: format.height, format: format.description, device: device)
        }
    }
}
