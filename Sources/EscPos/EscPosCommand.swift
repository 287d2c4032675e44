/// The ESC/POS command bytes OneVisit sends, one function a command (devices.md B.1; byte
/// for byte as python-escpos `constants.py` and the SPRT/HCC Chinese-mode manuals).
public enum EscPosCommand {
    public static let initialize: [UInt8] = [0x1B, 0x40]                 // ESC @
    public static let lineFeed: [UInt8] = [0x0A]                         // LF
    public static let chineseModeOn: [UInt8] = [0x1C, 0x26]              // FS &
    public static let chineseModeOff: [UInt8] = [0x1C, 0x2E]             // FS .

    public static func align(_ alignment: Alignment) -> [UInt8] { [0x1B, 0x61, alignment.rawValue] }  // ESC a n
    public static func bold(_ on: Bool) -> [UInt8] { [0x1B, 0x45, on ? 1 : 0] }                      // ESC E n

    /// GS ! n: high nibble width − 1, low nibble height − 1 (1…8 each).
    public static func characterSize(width: Int, height: Int) -> [UInt8] {
        let w = UInt8(clamping: min(max(width, 1), 8) - 1)
        let h = UInt8(clamping: min(max(height, 1), 8) - 1)
        return [0x1D, 0x21, w << 4 | h]
    }

    /// ESC ! n: the older print-mode byte (0x10 double height, 0x20 double width, 0x08 bold).
    public static func printMode(_ mode: UInt8) -> [UInt8] { [0x1B, 0x21, mode] }

    public static func feed(lines: Int) -> [UInt8] { [0x1B, 0x64, UInt8(clamping: lines)] }  // ESC d n

    /// GS V 0 (full) or GS V 1 (partial).
    public static func cut(partial: Bool) -> [UInt8] { [0x1D, 0x56, partial ? 1 : 0] }

    // MARK: QR code, the five GS ( k steps (function 165, 167, 169, 180, 181)

    public static let qrModel2: [UInt8] = [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
    public static func qrModuleSize(_ dots: Int) -> [UInt8] {
        [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, UInt8(clamping: min(max(dots, 1), 16))]
    }
    public static func qrErrorCorrection(_ level: QRErrorCorrection) -> [UInt8] {
        [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, level.rawValue]
    }
    /// Stores the symbol data; pL pH count the data plus the three bytes `31 50 30`.
    public static func qrStore(_ data: [UInt8]) -> [UInt8] {
        let length = data.count + 3
        return [0x1D, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 0x31, 0x50, 0x30] + data
    }
    public static let qrPrint: [UInt8] = [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]

    // MARK: Barcode

    public static func barcodeHeight(_ dots: Int) -> [UInt8] { [0x1D, 0x68, UInt8(clamping: min(max(dots, 1), 255))] }
    public static func barcodeModuleWidth(_ dots: Int) -> [UInt8] { [0x1D, 0x77, UInt8(clamping: min(max(dots, 2), 6))] }
    /// GS H 2: human-readable digits below the bars.
    public static let barcodeTextBelow: [UInt8] = [0x1D, 0x48, 0x02]
    /// GS k 73 n {B data: CODE128 with code set B (printable ASCII).
    public static func code128(_ data: [UInt8]) -> [UInt8] {
        let body: [UInt8] = [0x7B, 0x42] + data
        return [0x1D, 0x6B, 0x49, UInt8(clamping: body.count)] + body
    }

    // MARK: Raster image and status

    /// GS v 0 m xL xH yL yH: a raster image at normal density.
    public static func rasterImage(_ image: Raster) -> [UInt8] {
        let xBytes = image.bytesPerRow
        return [0x1D, 0x76, 0x30, 0x00, UInt8(xBytes & 0xFF), UInt8(xBytes >> 8),
                UInt8(image.height & 0xFF), UInt8(image.height >> 8)] + image.bits
    }

    /// DLE EOT n: real-time status request (n = 1 printer, 2 offline cause, 3 error cause, 4 paper).
    public static func statusRequest(_ kind: StatusKind) -> [UInt8] { [0x10, 0x04, kind.rawValue] }
}

public enum Alignment: UInt8, Sendable, Codable, Equatable {
    case left = 0, center = 1, right = 2
}

/// QR error correction levels as GS ( k function 169 numbers them.
public enum QRErrorCorrection: UInt8, Sendable, Codable, Equatable {
    case low = 0x30, medium = 0x31, quartile = 0x32, high = 0x33
}

/// Which DLE EOT status byte to ask for.
public enum StatusKind: UInt8, Sendable, CaseIterable {
    case printer = 1, offlineCause = 2, errorCause = 3, paper = 4
}
