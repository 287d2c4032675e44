/// Picking what to capture a still in, from what the camera offers (VIDIOC_ENUM_FMT and
/// VIDIOC_ENUM_FRAMESIZES): MJPEG at its largest size, since the camera compresses it
/// itself; else YUYV at its largest size, converted here.
public struct CaptureFormat: Sendable, Equatable, CustomStringConvertible {
    public enum Pixel: String, Sendable, Equatable { case mjpeg = "MJPG", yuyv = "YUYV" }
    public var pixel: Pixel
    public var width: Int
    public var height: Int

    public init(pixel: Pixel, width: Int, height: Int) { self.pixel = pixel; self.width = width; self.height = height }

    public var description: String { "\(pixel.rawValue) \(width)×\(height)" }

    /// One format the camera lists: its FourCC and its discrete frame sizes.
    public struct Offer: Sendable, Equatable {
        public var fourcc: String
        public var sizes: [(width: Int, height: Int)]
        public init(fourcc: String, sizes: [(width: Int, height: Int)]) { self.fourcc = fourcc; self.sizes = sizes }
        public static func == (a: Offer, b: Offer) -> Bool {
            a.fourcc == b.fourcc && a.sizes.map { [$0.width, $0.height] } == b.sizes.map { [$0.width, $0.height] }
        }
    }

    public static func choose(from offers: [Offer]) throws(CameraError) -> CaptureFormat {
        for pixel in [Pixel.mjpeg, .yuyv] {
            let sizes = offers.filter { $0.fourcc == pixel.rawValue }.flatMap(\.sizes).filter { $0.width > 0 && $0.height > 0 }
            if let best = sizes.max(by: { $0.width * $0.height < $1.width * $1.height }) {
                return CaptureFormat(pixel: pixel, width: best.width, height: best.height)
            }
        }
        throw .noSupportedFormat(offers.map(\.fourcc).joined(separator: ", ").isEmpty ? "it lists no formats" : "it lists " + offers.map(\.fourcc).joined(separator: ", "))
    }
}
