/// A fixed crop rectangle per camera (set once when the camera is mounted over its base):
/// what lies outside the page area of the base is cut off every still.
public struct PageCrop: Sendable, Equatable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }

    /// The still cut to the rectangle (clamped to the picture); unchanged when it covers it all.
    public func apply(to still: CapturedStill, quality: Int = 85) throws(CameraError) -> CapturedStill {
        let decoded = try JPEGCodec.decode(still.jpeg)
        let x0 = max(0, min(x, decoded.width - 1)), y0 = max(0, min(y, decoded.height - 1))
        let w = max(1, min(width, decoded.width - x0)), h = max(1, min(height, decoded.height - y0))
        if x0 == 0 && y0 == 0 && w == decoded.width && h == decoded.height { return still }
        let c = decoded.components
        var out = [UInt8](repeating: 0, count: w * h * c)
        for row in 0..<h {
            let from = ((y0 + row) * decoded.width + x0) * c
            out.replaceSubrange(row * w * c..<(row + 1) * w * c, with: decoded.pixels[from..<(from + w * c)])
        }
        var cropped = still
        cropped.jpeg = try JPEGCodec.encode(out, width: w, height: h, components: c, quality: quality)
        cropped.width = w
        cropped.height = h
        cropped.format += " cropped \(w)×\(h)+\(x0)+\(y0)"
        return cropped
    }
}
