/// A JPEG as a camera hands it over, checked by its markers (ITU-T T.81 B.1): SOI, the frame
/// header with its size, Huffman tables or not, a scan, EOI. Cheap enough for every frame;
/// ``JPEGCodec/check(_:)`` decodes it fully when that matters.
public struct JPEGFrame: Sendable, Equatable {
    public let bytes: [UInt8]
    public let width: Int
    public let height: Int
    public let components: Int
    /// False for MJPEG frames that rely on the standard tables.
    public let hasHuffmanTables: Bool
    /// Offset of the first SOS marker.
    let scanOffset: Int

    public init(_ bytes: [UInt8]) throws(CameraError) {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw .notJPEG("does not start with SOI (FF D8)") }
        var i = 2
        var size: (Int, Int, Int)?
        var dht = false
        while true {
            // Fill bytes (FF FF …) may pad before a marker.
            guard i + 1 < bytes.count else { throw .notJPEG("cut off after \(bytes.count) bytes, before the scan") }
            guard bytes[i] == 0xFF else { throw .notJPEG("byte \(i) is 0x\(String(bytes[i], radix: 16)), not a marker") }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xD9 { throw .notJPEG("ends (EOI) before any scan") }
            guard i + 3 < bytes.count else { throw .notJPEG("cut off in a segment header at byte \(i)") }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard length >= 2, i + 2 + length <= bytes.count else { throw .notJPEG("segment FF \(String(marker, radix: 16)) at byte \(i) runs past the end") }
            switch marker {
            case 0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
                guard length >= 8 else { throw .notJPEG("frame header too short") }
                let h = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]), w = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                guard w > 0, h > 0 else { throw .notJPEG("frame header gives a size of \(w)×\(h)") }
                size = (w, h, Int(bytes[i + 9]))
            case 0xC4:
                dht = true
            case 0xDA:
                guard let (w, h, c) = size else { throw .notJPEG("a scan before any frame header") }
                // The entropy-coded data must end with EOI; cameras may pad the buffer after it.
                var end = bytes.count
                while end > i, bytes[end - 1] == 0x00 { end -= 1 }
                guard end >= 2, bytes[end - 2] == 0xFF, bytes[end - 1] == 0xD9 else { throw .notJPEG("no EOI (FF D9) at the end: the frame is cut off") }
                self.bytes = Array(bytes[..<end])
                width = w; height = h; components = c; hasHuffmanTables = dht; scanOffset = i
                return
            default:
                break
            }
            i += 2 + length
        }
    }

    /// The frame as a file every decoder opens: the standard Huffman tables inserted before
    /// the scan when the camera left them out (MJPEG), unchanged otherwise.
    public func withHuffmanTables() -> JPEGFrame {
        guard !hasHuffmanTables else { return self }
        let patched = Array(bytes[..<scanOffset]) + StandardHuffmanTables.segment + Array(bytes[scanOffset...])
        return (try? JPEGFrame(patched)) ?? self
    }
}
