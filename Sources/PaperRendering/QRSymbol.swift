import CQREncode
import EscPos

/// The modules of a QR code (model 2, byte mode) as a printer builds them from GS ( k
/// data, through libqrencode.
public enum QRSymbol {
    /// The symbol with one dot per module and no quiet zone; nil when the data does not fit.
    public static func modules(for data: [UInt8], level: QRErrorCorrection) -> Raster? {
        guard !data.isEmpty else { return nil }
        let ecLevel: QRecLevel = switch level {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
        guard let code = data.withUnsafeBufferPointer({ QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, ecLevel) }) else {
            return nil
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        var raster = Raster(width: width, height: width)
        for y in 0..<width {
            for x in 0..<width where code.pointee.data[y * width + x] & 1 == 1 { raster[x, y] = true }
        }
        return raster
    }
}
