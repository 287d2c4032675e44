extension JPEGCodec {
    /// A small copy of a frame (box-averaged down to at most `maxWidth` pixels wide), for a
    /// technician to judge framing and exposure. At that size a page's text cannot be read,
    /// so a citizen's paper left under the camera is not disclosed by a device test (R8).
    public static func thumbnail(of jpeg: [UInt8], maxWidth: Int = 200, quality: Int = 70) throws(CameraError) -> (jpeg: [UInt8], width: Int, height: Int) {
        let (pixels, width, height, components) = try decode(jpeg)
        let factor = max(1, (width + maxWidth - 1) / maxWidth)
        let w = max(1, width / factor), h = max(1, height / factor)
        var small = [UInt8](repeating: 0, count: w * h * components)
        let area = factor * factor
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<components {
                    var sum = 0
                    for dy in 0..<factor {
                        let row = (y * factor + dy) * width
                        for dx in 0..<factor { sum += Int(pixels[(row + x * factor + dx) * components + c]) }
                    }
                    small[(y * w + x) * components + c] = UInt8(sum / area)
                }
            }
        }
        return (try encode(small, width: w, height: h, components: components, quality: quality), w, h)
    }
}
