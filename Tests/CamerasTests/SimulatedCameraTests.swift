import Cameras
import Foundation
import PaperRendering
import Testing

@Suite(.timeLimit(.minutes(5)))
/// The simulated camera hands over stills through the same checks as a real one.
struct SimulatedCameraTests {
    @Test func generatedPageIsAnA4StillThatDecodes() throws {
        let camera = SimulatedCamera(id: "window-3")
        camera.lay(.generated(title: "居民身份证", lines: ["模拟材料"]))
        let still = try camera.captureStill()
        #expect(still.width == 1240 && still.height == 1754 && still.device == "simulated:window-3")
        #expect(try JPEGCodec.check(still.jpeg) == (width: 1240, height: 1754, components: 1))
        // The title is drawn: the page is not blank where it stands.
        let page = try JPEGCodec.decode(still.jpeg)
        let titleArea = (140..<212).flatMap { y in (120..<600).map { page.pixels[y * 1240 + $0] } }
        #expect(titleArea.contains { $0 < 100 }, "dark title strokes on the page")
    }

    @Test func fileAndGarbageGoThroughTheFrameChecks() throws {
        let camera = SimulatedCamera(id: "w")
        let jpeg = try JPEGCodec.encode([UInt8](repeating: 128, count: 32 * 16), width: 32, height: 16, components: 1)
        camera.lay(.file(jpeg))
        #expect(try camera.captureStill().width == 32)
        camera.lay(.garbage(Array("not a jpeg".utf8)))
        #expect(throws: CameraError.notJPEG("does not start with SOI (FF D8)")) { try camera.captureStill() }
        camera.setUnplugged(true)
        #expect(throws: CameraError.notConnected("simulated:w")) { try camera.captureStill() }
    }

    @Test func fixedCropCutsThePageArea() throws {
        var rgb = [UInt8](repeating: 255, count: 100 * 80 * 3)
        for y in 20..<60 { for x in 10..<90 { rgb.replaceSubrange((y * 100 + x) * 3..<(y * 100 + x) * 3 + 3, with: [0, 0, 0]) } }
        let still = CapturedStill(jpeg: try JPEGCodec.encode(rgb, width: 100, height: 80, components: 3, quality: 95), width: 100, height: 80,
                                  format: "MJPG 100×80", device: "/dev/video0")
        let cropped = try PageCrop(x: 10, y: 20, width: 80, height: 40).apply(to: still)
        #expect(cropped.width == 80 && cropped.height == 40 && cropped.format.hasSuffix("cropped 80×40+10+20"))
        let pixels = try JPEGCodec.decode(cropped.jpeg).pixels
        #expect(pixels.reduce(0) { $0 + Int($1) } / pixels.count < 20, "only the dark page area is left")
        // A rectangle past the picture is clamped, never a crash.
        #expect(try PageCrop(x: 90, y: 70, width: 500, height: 500).apply(to: still).width == 10)
    }
}

@Suite(.timeLimit(.minutes(5)))
/// The V4L2 path against what this machine has: no video device at all.
struct V4L2CameraTests {
    @Test func missingNodeAndNonVideoNodeAreNamed() {
        #expect(throws: CameraError.notConnected("/dev/onevisit-no-camera")) { try V4L2Camera(path: "/dev/onevisit-no-camera").captureStill() }
        // A character device that is no camera: VIDIOC_QUERYCAP fails.
        #expect(throws: CameraError.notACaptureDevice("/dev/null")) { try V4L2Camera(path: "/dev/null").captureStill() }
        #expect(V4L2Camera.node(named: "OneVisit test camera that is not there") == nil)
    }
}
