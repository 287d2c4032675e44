import CZint

/// The linear barcode systems of ESC/POS `GS k` (function A `m` 0–6, function B `m` 65–73),
/// drawn for the print preview by libzint (UPC-A/E, EAN-8/13, CODE39, ITF, CODABAR, CODE93).
/// CODE128 (73) stays with ``Code128``: ESC/POS names its code sets in the data (`{A`, `{B`,
/// `{C`), which zint would choose for itself.
public enum BarcodeSystems {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var system: UInt8
        public var message: String
        public var description: String { "barcode system \(system): \(message)" }
    }

    /// The systems the preview draws, by `m`, with their names.
    public static let names: [UInt8: String] = [
        0: "UPC-A", 65: "UPC-A", 1: "UPC-E", 66: "UPC-E", 2: "EAN13", 67: "EAN13", 3: "EAN8", 68: "EAN8",
        4: "CODE39", 69: "CODE39", 5: "ITF", 70: "ITF", 6: "CODABAR", 71: "CODABAR", 72: "CODE93", 73: "CODE128",
    ]

    /// The human-readable text and the module pattern (true = bar) of `GS k m data`.
    public static func encode(system: UInt8, data: [UInt8]) throws(Failure) -> (name: String, text: String, modules: [Bool]) {
        guard let name = names[system] else { throw Failure(system: system, message: "not a barcode system of GS k") }
        if name == "CODE128" {
            do { let (text, modules) = try Code128.encode(data); return (name, text, modules) } catch {
                throw Failure(system: system, message: error.description)
            }
        }
        var bytes = data
        // A printer adds CODE39's start and stop itself; some drivers send them anyway.
        if name == "CODE39", bytes.first == 0x2A, bytes.last == 0x2A, bytes.count >= 2 { bytes = Array(bytes.dropFirst().dropLast()) }
        guard !bytes.isEmpty else { throw Failure(system: system, message: "no data") }
        let symbology: Int32 = switch name {
        case "UPC-A": BARCODE_UPCA
        case "UPC-E": BARCODE_UPCE
        case "EAN13", "EAN8": BARCODE_EANX
        case "CODE39": BARCODE_CODE39
        case "ITF": BARCODE_C25INTER
        case "CODABAR": BARCODE_CODABAR
        default: BARCODE_CODE93
        }
        guard let symbol = ZBarcode_Create() else { throw Failure(system: system, message: "libzint could not start") }
        defer { ZBarcode_Delete(symbol) }
        symbol.pointee.symbology = symbology
        symbol.pointee.input_mode = DATA_MODE
        let status = bytes.withUnsafeBufferPointer { ZBarcode_Encode(symbol, $0.baseAddress, Int32($0.count)) }
        if status >= ZINT_ERROR {
            let message = withUnsafeBytes(of: symbol.pointee.errtxt) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw Failure(system: system, message: message.isEmpty ? "libzint refused the data (\(status))" : message)
        }
        // The bars of a linear symbol are its first row (UPC and EAN add rows only for add-ons).
        let modules = (0..<Int(symbol.pointee.width)).map { onevisit_zint_module(symbol, 0, Int32($0)) != 0 }
        let text = withUnsafeBytes(of: symbol.pointee.text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return (name, text.isEmpty ? String(decoding: bytes, as: UTF8.self) : text, modules)
    }
}
