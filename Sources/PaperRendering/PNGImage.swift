import CPNG

/// An 8-bit grey image written and read with libpng's simplified API (0 black, 255 white).
public struct GrayImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public enum Failure: Error, CustomStringConvertible {
        case libpng(String)
        public var description: String {
            switch self { case .libpng(let message): "PNG: \(message)" }
        }
    }

    /// PNG file bytes, compressed once: into a buffer as large as the stored (uncompressed)
    /// stream could be, which a receipt's mostly white rows never fill. libpng's size query
    /// (a nil buffer) would compress the whole image a second time just to count the bytes.
    public func pngData() throws(Failure) -> [UInt8] {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_GRAY)
        let pixels = self.pixels
        // The rows with their filter bytes, zlib's 5 bytes per stored 16 KB block, and the chunks.
        let stored = height * (width + 1)
        var size = stored + (stored / 16_384 + 1) * 5 + 1024
        for _ in 0..<2 {
            var data = [UInt8](repeating: 0, count: size)
            var written = size
            let ok = data.withUnsafeMutableBytes { out in
                pixels.withUnsafeBytes { png_image_write_to_memory(&image, out.baseAddress, &written, 0, $0.baseAddress, 0, nil) }
            }
            if ok != 0 { return Array(data.prefix(written)) }
            // Too small after all: libpng said how much it needs (and 0 with an error).
            guard written > size else { break }
            size = written
            image.warning_or_error = 0
        }
        throw .libpng(Self.message(of: image))
    }

    /// Reads a PNG (any format, converted to grey).
    public init(png data: [UInt8]) throws(Failure) {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard data.withUnsafeBytes({ png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }) != 0 else {
            throw .libpng(Self.message(of: image))
        }
        image.format = UInt32(PNG_FORMAT_GRAY)
        var pixels = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height))
        let ok = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard ok != 0 else { throw .libpng(Self.message(of: image)) }
        self.init(width: Int(image.width), height: Int(image.height), pixels: pixels)
    }

    private static func message(of image: png_image) -> String {
        var copy = image.message
        return withUnsafeBytes(of: &copy) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}

/// An 8-bit RGB image (a card photo), written with libpng's simplified API.
public struct ColorImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Red, green, blue per pixel, top row first.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// From blue-green-red pixels, as WLT decoders give them.
    public init(width: Int, height: Int, bgr: [UInt8]) {
        var rgb = bgr
        for i in stride(from: 0, to: rgb.count - 2, by: 3) { rgb.swapAt(i, i + 2) }
        self.init(width: width, height: height, pixels: rgb)
    }

    public func pngData() throws(GrayImage.Failure) -> [UInt8] {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_RGB)
        var size = 0
        let pixels = self.pixels
        guard pixels.withUnsafeBytes({ png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }) != 0 else {
            throw .libpng("cannot size the PNG")
        }
        var data = [UInt8](repeating: 0, count: size)
        let ok = data.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard ok != 0 else { throw .libpng("cannot write the PNG") }
        return Array(data.prefix(size))
    }
}
