import CJPEG
import Foundation

/// JPEG through libjpeg: encoding converted frames and generated pages, and a full decode
/// to check a frame really opens.
public enum JPEGCodec {
    /// Encodes 8-bit gray (1 component) or RGB (3) pixels.
    public static func encode(_ pixels: [UInt8], width: Int, height: Int, components: Int, quality: Int = 85) throws(CameraError) -> [UInt8] {
        guard width > 0, height > 0, components == 1 || components == 3, pixels.count == width * height * components else {
            throw .io("cannot encode \(width)×\(height)×\(components) from \(pixels.count) bytes")
        }
        var out: UnsafeMutablePointer<UInt8>?
        var length: UInt = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeBufferPointer {
            cjpeg_encode($0.baseAddress, Int32(width), Int32(height), Int32(components), Int32(quality), &out, &length, &message, message.count)
        }
        defer { cjpeg_free(out) }
        guard status == 0, let out else { throw .io("JPEG encoding failed: \(text(message))") }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// Decodes every scan; the size and components, or libjpeg's reason it does not open.
    public static func check(_ bytes: [UInt8]) throws(CameraError) -> (width: Int, height: Int, components: Int) {
        var w: Int32 = 0, h: Int32 = 0, c: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { cjpeg_check($0.baseAddress, UInt($0.count), &w, &h, &c, &message, message.count) }
        guard status == 0 else { throw .undecodable(text(message)) }
        return (Int(w), Int(h), Int(c))
    }

    /// Decodes to packed pixels.
    public static func decode(_ bytes: [UInt8]) throws(CameraError) -> (pixels: [UInt8], width: Int, height: Int, components: Int) {
        var out: UnsafeMutablePointer<UInt8>?
        var w: Int32 = 0, h: Int32 = 0, c: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { cjpeg_decode($0.baseAddress, UInt($0.count), &out, &w, &h, &c, &message, message.count) }
        defer { cjpeg_free(out) }
        guard status == 0, let out else { throw .undecodable(text(message)) }
        return (Array(UnsafeBufferPointer(start: out, count: Int(w) * Int(h) * Int(c))), Int(w), Int(h), Int(c))
    }

    static func text(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
