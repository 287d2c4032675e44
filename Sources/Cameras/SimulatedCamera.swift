import Foundation
import PaperRendering
import Synchronization

/// The camera of a window with `--simulate` and in tests: it "sees" a page, a generated A4
/// sheet with a title and text lines (or a JPEG file laid under it), and hands it over
/// through the same ``StillCamera`` interface and the same frame checks as a real camera.
public final class SimulatedCamera: StillCamera, Sendable {
    public let id: String
    private let font: GlyphFont?
    private let state = Mutex<State>(State())

    private struct State {
        var next: Page = .generated(title: "申请材料", lines: ["（模拟高拍仪：请放置材料）"])
        var captures = 0
        var unplugged = false
    }

    /// What lies under the camera.
    public enum Page: Sendable, Equatable {
        case generated(title: String, lines: [String])
        /// The bytes of a JPEG file, checked like a camera frame.
        case file([UInt8])
        /// A broken frame, for tests of the hall's handling.
        case garbage([UInt8])
    }

    public init(id: String, font: GlyphFont? = GlyphFont.system()) {
        self.id = id
        self.font = font
    }

    public var location: String { "simulated:\(id)" }
    public var captures: Int { state.withLock { $0.captures } }
    public var isPresent: Bool { state.withLock { !$0.unplugged } }

    public func lay(_ page: Page) { state.withLock { $0.next = page } }
    public func setUnplugged(_ unplugged: Bool) { state.withLock { $0.unplugged = unplugged } }

    public func captureStill() throws(CameraError) -> CapturedStill {
        let (page, unplugged) = state.withLock { s in
            s.captures += 1
            return (s.next, s.unplugged)
        }
        if unplugged { throw .notConnected(location) }
        switch page {
        case .file(let bytes), .garbage(let bytes):
            return try CapturedStill.from(frame: bytes, format: CaptureFormat(pixel: .mjpeg, width: 0, height: 0), bytesPerLine: nil,
                                          device: location)
        case .generated(let title, let lines):
            let (width, height) = (1240, 1754)  // A4 at 150 dpi
            var pixels = [UInt8](repeating: 248, count: width * height)
            draw(title, x: 120, y: 140, height: 72, into: &pixels, width: width)
            for (i, line) in lines.enumerated() { draw(line, x: 120, y: 300 + i * 60, height: 48, into: &pixels, width: width) }
            // A light frame as the page edge against the camera's base.
            for x in 40..<(width - 40) { pixels[40 * width + x] = 160; pixels[(height - 41) * width + x] = 160 }
            let jpeg = try JPEGCodec.encode(pixels, width: width, height: height, components: 1, quality: 80)
            return CapturedStill(jpeg: jpeg, width: width, height: height, format: "simulated \(width)×\(height)", device: location)
        }
    }

    private func draw(_ text: String, x: Int, y: Int, height: Int, into pixels: inout [UInt8], width: Int) {
        guard let font else { return }
        let printable = String(text.filter { $0 == " " || font.hasGlyph(for: $0) })
        guard let raster = font.rasterize(printable, height: height, bold: false) else { return }
        let rows = pixels.count / width
        for ry in 0..<raster.height where y + ry < rows {
            for rx in 0..<raster.width where x + rx < width && raster[rx, ry] { pixels[(y + ry) * width + x + rx] = 20 }
        }
    }
}
