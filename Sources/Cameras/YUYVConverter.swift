/// YUYV 4:2:2 (V4L2_PIX_FMT_YUYV: Y0 U Y1 V for two pixels) to packed RGB, with the BT.601
/// limited-range matrix UVC cameras use. Pure, for cameras that offer no MJPEG.
public enum YUYVConverter {
    public static func rgb(_ yuyv: [UInt8], width: Int, height: Int, bytesPerLine: Int? = nil) throws(CameraError) -> [UInt8] {
        let lineBytes = bytesPerLine ?? width * 2
        guard width > 0, height > 0, width % 2 == 0, lineBytes >= width * 2, yuyv.count >= lineBytes * (height - 1) + width * 2 else {
            throw .io("a YUYV frame of \(width)×\(height) needs \(width * 2 * height) bytes, got \(yuyv.count)")
        }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        func clamp(_ v: Int) -> UInt8 { UInt8(max(0, min(255, v))) }
        for y in 0..<height {
            var o = y * width * 3
            for x in stride(from: 0, to: width * 2, by: 4) {
                let base = y * lineBytes + x
                let u = Int(yuyv[base + 1]) - 128, v = Int(yuyv[base + 3]) - 128
                for luma in [yuyv[base], yuyv[base + 2]] {
                    let c = 298 * (Int(luma) - 16)
                    out[o] = clamp((c + 409 * v + 128) >> 8)
                    out[o + 1] = clamp((c - 100 * u - 208 * v + 128) >> 8)
                    out[o + 2] = clamp((c + 516 * u + 128) >> 8)
                    o += 3
                }
            }
        }
        return out
    }
}
