import Cameras
import Foundation
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(5)))
/// Camera frames as JPEG: the standard Huffman tables, MJPEG frames without them, broken
/// frames, YUYV conversion and the choice of format, all without a camera.
struct JPEGFrameTests {
    /// A test card: gradients and blocks, so every table is exercised.
    static func image(width: Int = 64, height: Int = 48) -> [UInt8] {
        var rgb: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { rgb += [UInt8(x * 4 & 0xFF), UInt8(y * 5 & 0xFF), UInt8((x / 8 + y / 8) % 2 == 0 ? 230 : 20)] }
        }
        return rgb
    }

    /// Every DHT table in a JPEG: class and id → counts and values.
    static func tables(_ bytes: [UInt8]) -> [UInt8: [UInt8]] {
        var out: [UInt8: [UInt8]] = [:]
        var i = 2
        while i + 3 < bytes.count, bytes[i] == 0xFF, bytes[i + 1] != 0xDA {
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if bytes[i + 1] == 0xC4 {
                var j = i + 4
                while j < i + 2 + length {
                    let counts = Array(bytes[(j + 1)...(j + 16)])
                    let n = counts.reduce(0) { $0 + Int($1) }
                    out[bytes[j]] = counts + Array(bytes[(j + 17)..<(j + 17 + n)])
                    j += 17 + n
                }
            }
            i += 2 + length
        }
        return out
    }

    /// The frame with every DHT segment taken out, as an MJPEG camera sends it.
    static func strippingTables(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array(bytes[0..<2])
        var i = 2
        while i + 3 < bytes.count, bytes[i] == 0xFF, bytes[i + 1] != 0xDA {
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if bytes[i + 1] != 0xC4 { out += bytes[i..<(i + 2 + length)] }
            i += 2 + length
        }
        return out + bytes[i...]
    }

    @Test func standardTablesAreTheOnesLibjpegUses() throws {
        let jpeg = try JPEGCodec.encode(Self.image(), width: 64, height: 48, components: 3)
        let ours = Self.tables(Array([0xFF, 0xD8]) + StandardHuffmanTables.segment + [0xFF, 0xDA])
        #expect(ours.count == 4)
        #expect(Self.tables(jpeg) == ours)
    }

    @Test func mjpegFrameWithoutTablesOpensOnceTheyAreIn() async throws {
        let original = try JPEGCodec.encode(Self.image(), width: 64, height: 48, components: 3)
        let mjpeg = try JPEGFrame(Self.strippingTables(original))
        #expect(!mjpeg.hasHuffmanTables && mjpeg.width == 64 && mjpeg.height == 48)
        // libjpeg-turbo falls back to these tables by itself; many decoders (and files opened
        // elsewhere) do not, so the stored still carries them: the same four libjpeg writes.
        #expect(Self.tables(mjpeg.bytes).isEmpty)
        let fixed = mjpeg.withHuffmanTables()
        #expect(fixed.hasHuffmanTables && Self.tables(fixed.bytes) == Self.tables(original))
        #expect(try JPEGCodec.check(fixed.bytes) == (width: 64, height: 48, components: 3))
        // The independent decoder (djpeg) gives the very pixels of the original.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-jpeg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(original).write(to: URL(fileURLWithPath: dir + "/a.jpg"))
        try Data(fixed.bytes).write(to: URL(fileURLWithPath: dir + "/b.jpg"))
        let a = try await runProgram("/usr/bin/djpeg", ["-pnm", dir + "/a.jpg"], errors: false).output
        let b = try await runProgram("/usr/bin/djpeg", ["-pnm", dir + "/b.jpg"], errors: false).output
        #expect(!a.isEmpty && a == b)
        // A frame that has its tables is left alone.
        #expect(try JPEGFrame(original).withHuffmanTables().bytes == original)
    }

    @Test func paddedFrameIsTrimmedAtEOI() throws {
        let jpeg = try JPEGCodec.encode(Self.image(), width: 64, height: 48, components: 3)
        #expect(try JPEGFrame(jpeg + [UInt8](repeating: 0, count: 300)).bytes == jpeg)
    }

    @Test func brokenFramesAreNamed() throws {
        let jpeg = try JPEGCodec.encode(Self.image(), width: 64, height: 48, components: 3)
        #expect(throws: CameraError.notJPEG("does not start with SOI (FF D8)")) { try JPEGFrame([0x89, 0x50, 0x4E, 0x47]) }
        #expect(throws: CameraError.notJPEG("no EOI (FF D9) at the end: the frame is cut off")) { try JPEGFrame(Array(jpeg.prefix(jpeg.count - 40))) }
        #expect(throws: CameraError.self) { try JPEGFrame(Array(jpeg.prefix(30))) }
        #expect(throws: CameraError.self) { try JPEGFrame([]) }
        // Random bytes after a valid start never trap.
        var rng = SeededGenerator()
        for _ in 0..<2000 {
            var bytes = Array(jpeg.prefix(Int.random(in: 0...jpeg.count, using: &rng)))
            for _ in 0..<Int.random(in: 0...4, using: &rng) where !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            if let frame = try? JPEGFrame(bytes) { _ = try? JPEGCodec.check(frame.withHuffmanTables().bytes) }
        }
    }

    @Test func yuyvToRGB() throws {
        // White, black, then red (BT.601: Y 81, U 90, V 240), two pixels each.
        let rgb = try YUYVConverter.rgb([235, 128, 235, 128, 16, 128, 16, 128, 81, 90, 81, 240], width: 6, height: 1)
        #expect(Array(rgb[0..<3]) == [255, 255, 255])
        #expect(Array(rgb[6..<9]) == [0, 0, 0])
        #expect(rgb[12] > 250 && rgb[13] < 5 && rgb[14] < 5)
        #expect(throws: CameraError.self) { try YUYVConverter.rgb([1, 2, 3], width: 2, height: 2) }
    }

    @Test func formatChoice() throws {
        let offers = [CaptureFormat.Offer(fourcc: "YUYV", sizes: [(640, 480), (2592, 1944)]),
                      CaptureFormat.Offer(fourcc: "MJPG", sizes: [(1920, 1080), (3264, 2448), (640, 480)])]
        #expect(try CaptureFormat.choose(from: offers) == CaptureFormat(pixel: .mjpeg, width: 3264, height: 2448))
        #expect(try CaptureFormat.choose(from: [offers[0]]) == CaptureFormat(pixel: .yuyv, width: 2592, height: 1944))
        #expect(throws: CameraError.noSupportedFormat("it lists H264, GREY")) {
            try CaptureFormat.choose(from: [.init(fourcc: "H264", sizes: [(1920, 1080)]), .init(fourcc: "GREY", sizes: [(640, 480)])])
        }
    }
}
