/// One command or text run of an ESC/POS byte stream, as `EscPosParser` reads it.
public enum EscPosOperation: Sendable, Equatable {
    case initialize
    case lineFeed
    /// Printable text, decoded (GB18030 inside Chinese mode, ASCII outside).
    case text(String)
    case align(Alignment)
    case bold(Bool)
    case characterSize(width: Int, height: Int)
    case printMode(UInt8)
    case chineseMode(Bool)
    case feed(lines: Int)
    case cut(partial: Bool)
    case qrModel(Int)
    case qrModuleSize(Int)
    case qrErrorCorrection(QRErrorCorrection)
    case qrStore([UInt8])
    case qrPrint
    case barcodeHeight(Int)
    case barcodeModuleWidth(Int)
    case barcodeTextPosition(Int)
    /// GS k m …: `system` is m (73 = CODE128), `data` the bytes after the length.
    case barcode(system: UInt8, data: [UInt8])
    case raster(Raster)
    case statusRequest(StatusKind)
    /// A known command with no effect on a preview (line spacing, underline, beeper…).
    case ignored(String)
}

/// Something in a stream a printer would not print as meant, at a byte offset.
public struct StreamProblem: Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "offset \(offset): \(message)" }
}

/// A parsed stream: operations with their offsets, and the problems met on the way.
public struct ParsedStream: Sendable, Equatable {
    public var operations: [(offset: Int, operation: EscPosOperation)]
    public var problems: [StreamProblem]

    public static func == (a: ParsedStream, b: ParsedStream) -> Bool {
        a.problems == b.problems && a.operations.map(\.offset) == b.operations.map(\.offset)
            && a.operations.map(\.operation) == b.operations.map(\.operation)
    }
}
