/// Reads an ESC/POS byte stream back into operations: the front end of the simulated
/// printer and of `onevisit print preview`. Unknown, malformed and truncated commands
/// become problems with their offset; parsing goes on where it safely can and never traps.
public struct EscPosParser: Sendable {
    public init() {}

    public func parse(_ bytes: [UInt8]) -> ParsedStream {
        var reader = Reader(bytes: bytes)
        reader.run()
        return ParsedStream(operations: reader.operations, problems: reader.problems)
    }
}

private struct Reader {
    let bytes: [UInt8]
    var at = 0
    var chinese = false
    var operations: [(offset: Int, operation: EscPosOperation)] = []
    var problems: [StreamProblem] = []
    let gb18030 = GB18030.Decoder()

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func run() {
        while at < bytes.count {
            let start = at
            let byte = bytes[at]
            switch byte {
            case 0x1B: escape(start)
            case 0x1D: group(start)
            case 0x1C: fileSeparator(start)
            case 0x10: dataLinkEscape(start)
            case 0x0A: emit(start, .lineFeed); at += 1
            case 0x0D, 0x09: at += 1
            case 0x20...: text(start)
            default:
                problem(start, "unknown control byte 0x\(hex(byte))")
                at += 1
            }
        }
    }

    // MARK: Commands

    mutating func escape(_ start: Int) {
        guard let command = peek(1) else { return truncated(start, "ESC", need: 2) }
        switch command {
        case 0x40: emit(start, .initialize); chinese = false; at += 2
        case 0x61: argument(start, "ESC a") { n in
            switch n {
            case 0, 0x30: .align(.left)
            case 1, 0x31: .align(.center)
            case 2, 0x32: .align(.right)
            default: nil
            }
        }
        case 0x45: argument(start, "ESC E") { .bold($0 & 1 == 1) }
        case 0x21: argument(start, "ESC !") { .printMode($0) }
        case 0x64: argument(start, "ESC d") { .feed(lines: Int($0)) }
        case 0x2D: argument(start, "ESC -") { _ in .ignored("underline") }
        case 0x33: argument(start, "ESC 3") { _ in .ignored("line spacing") }
        case 0x32: emit(start, .ignored("default line spacing")); at += 2
        case 0x4D: argument(start, "ESC M") { _ in .ignored("character font") }
        case 0x74: argument(start, "ESC t") { _ in .ignored("code table") }
        case 0x52: argument(start, "ESC R") { _ in .ignored("international character set") }
        default:
            problem(start, "unknown command ESC 0x\(hex(command))")
            at += 2
        }
    }

    mutating func group(_ start: Int) {
        guard let command = peek(1) else { return truncated(start, "GS", need: 2) }
        switch command {
        case 0x21: argument(start, "GS !") { .characterSize(width: Int($0 >> 4) + 1, height: Int($0 & 0x0F) + 1) }
        case 0x56:
            guard let m = peek(2) else { return truncated(start, "GS V", need: 3) }
            if m == 0x41 || m == 0x42 {
                guard peek(3) != nil else { return truncated(start, "GS V", need: 4) }
                emit(start, .cut(partial: m == 0x42)); at += 4
            } else if m <= 1 || m == 0x30 || m == 0x31 {
                emit(start, .cut(partial: m & 1 == 1)); at += 3
            } else {
                problem(start, "GS V with unknown cut mode 0x\(hex(m))"); at += 3
            }
        case 0x68: argument(start, "GS h") { .barcodeHeight(Int($0)) }
        case 0x77: argument(start, "GS w") { .barcodeModuleWidth(Int($0)) }
        case 0x48: argument(start, "GS H") { .barcodeTextPosition(Int($0)) }
        case 0x66: argument(start, "GS f") { _ in .ignored("barcode font") }
        case 0x6B: barcode(start)
        case 0x28: extended(start)
        case 0x76: raster(start)
        default:
            problem(start, "unknown command GS 0x\(hex(command))")
            at += 2
        }
    }

    mutating func fileSeparator(_ start: Int) {
        guard let command = peek(1) else { return truncated(start, "FS", need: 2) }
        switch command {
        case 0x26: emit(start, .chineseMode(true)); chinese = true; at += 2
        case 0x2E: emit(start, .chineseMode(false)); chinese = false; at += 2
        case 0x21: argument(start, "FS !") { _ in .ignored("Chinese print mode") }
        case 0x57: argument(start, "FS W") { _ in .ignored("Chinese double size") }
        default:
            problem(start, "unknown command FS 0x\(hex(command))")
            at += 2
        }
    }

    mutating func dataLinkEscape(_ start: Int) {
        guard let command = peek(1) else { return truncated(start, "DLE", need: 2) }
        guard command == 0x04 else { problem(start, "unknown command DLE 0x\(hex(command))"); at += 2; return }
        argument(start, "DLE EOT") { n in StatusKind(rawValue: n).map { .statusRequest($0) } }
    }

    /// GS k m: m 0…6 data ends with NUL; m 65…79 a length byte precedes the data.
    mutating func barcode(_ start: Int) {
        guard let system = peek(2) else { return truncated(start, "GS k", need: 3) }
        if system <= 6 {
            guard let end = bytes[(start + 3)...].firstIndex(of: 0) else {
                return truncated(start, "GS k (NUL-terminated)", need: bytes.count - start + 1)
            }
            emit(start, .barcode(system: system, data: Array(bytes[(start + 3)..<end])))
            at = end + 1
        } else if (65...79).contains(system) {
            guard let n = peek(3) else { return truncated(start, "GS k", need: 4) }
            let end = start + 4 + Int(n)
            guard end <= bytes.count else { return truncated(start, "GS k", need: end - start) }
            emit(start, .barcode(system: system, data: Array(bytes[(start + 4)..<end])))
            at = end
        } else {
            problem(start, "GS k with unknown barcode system \(system)")
            at += 3
        }
    }

    /// GS ( k pL pH cn fn …: the 2D-code functions; other GS ( functions are skipped by length.
    mutating func extended(_ start: Int) {
        guard let function = peek(2), let pL = peek(3), let pH = peek(4) else { return truncated(start, "GS (", need: 5) }
        let length = Int(pL) | Int(pH) << 8
        let end = start + 5 + length
        guard end <= bytes.count else { return truncated(start, "GS ( \(scalar(function))", need: end - start) }
        let body = Array(bytes[(start + 5)..<end])
        at = end
        guard function == 0x6B else { emit(start, .ignored("GS ( \(scalar(function))")); return }
        guard body.count >= 2, body[0] == 0x31 else {
            problem(start, "GS ( k for a symbol other than QR (cn \(body.first.map { "0x" + hex($0) } ?? "missing"))")
            return
        }
        switch (body[1], body.count) {
        case (0x41, 4): emit(start, .qrModel(Int(body[2]) - 0x30))
        case (0x43, 3): emit(start, .qrModuleSize(Int(body[2])))
        case (0x45, 3):
            if let level = QRErrorCorrection(rawValue: body[2]) { emit(start, .qrErrorCorrection(level)) } else {
                problem(start, "QR error correction level 0x\(hex(body[2])) is not 0x30-0x33")
            }
        case (0x50, 3...): emit(start, .qrStore(Array(body[3...])))
        case (0x51, 3): emit(start, .qrPrint)
        default: problem(start, "GS ( k QR function 0x\(hex(body[1])) with \(length) parameter bytes is not known")
        }
    }

    /// GS v 0 m xL xH yL yH d…
    mutating func raster(_ start: Int) {
        guard bytes.count >= start + 8 else { return truncated(start, "GS v 0", need: 8) }
        guard bytes[start + 2] == 0x30 || bytes[start + 2] == 0 else {
            problem(start, "GS v with function 0x\(hex(bytes[start + 2])) is not a raster image")
            at += 3
            return
        }
        let xBytes = Int(bytes[start + 4]) | Int(bytes[start + 5]) << 8
        let height = Int(bytes[start + 6]) | Int(bytes[start + 7]) << 8
        let end = start + 8 + xBytes * height
        guard end <= bytes.count else { return truncated(start, "GS v 0 (\(xBytes * 8)×\(height) dots)", need: end - start) }
        if let image = Raster(width: xBytes * 8, height: height, bits: Array(bytes[(start + 8)..<end])) {
            emit(start, .raster(image))
        }
        at = end
    }

    // MARK: Text

    mutating func text(_ start: Int) {
        let decoded = textRun(start, gb18030.decode)
        emit(start, .text(decoded))
    }

    private mutating func textRun(_ start: Int, _ decode: ([UInt8]) -> String?) -> String {
        var decoded = ""
        while at < bytes.count, bytes[at] >= 0x20 {
            let byte = bytes[at]
            if byte < 0x80 {
                if byte != 0x7F { decoded.unicodeScalars.append(Unicode.Scalar(byte)) }
                at += 1
            } else if !chinese {
                // One problem for a run of such bytes: a binary file sent to the printer
                // would otherwise list one per byte.
                var end = at + 1
                while end < bytes.count, bytes[end] >= 0x80 { end += 1 }
                let count = end - at
                problem(at, count == 1 ? "byte 0x\(hex(byte)) outside Chinese mode (FS &) prints as a code page symbol"
                    : "\(count) bytes 0x80–0xFF from 0x\(hex(byte)) on, outside Chinese mode (FS &), print as code page symbols")
                decoded += String(repeating: "?", count: count)
                at = end
            } else if let second = peek(at - start + 1, from: start), (0x40...0xFE).contains(second), second != 0x7F,
                      let character = decode([byte, second]) {
                decoded += character
                at += 2
            } else {
                problem(at, "0x\(hex(byte)) does not start a double-byte GB18030 character")
                decoded.append("?")
                at += 1
            }
        }
        return decoded
    }

    // MARK: Helpers

    func peek(_ distance: Int, from base: Int? = nil) -> UInt8? {
        let index = (base ?? at) + distance
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func argument(_ start: Int, _ name: String, _ make: (UInt8) -> EscPosOperation?) {
        guard let n = peek(2) else { return truncated(start, name, need: 3) }
        if let operation = make(n) { emit(start, operation) } else { problem(start, "\(name) with unknown argument 0x\(hex(n))") }
        at += 3
    }

    mutating func emit(_ offset: Int, _ operation: EscPosOperation) { operations.append((offset, operation)) }

    mutating func problem(_ offset: Int, _ message: String) { problems.append(StreamProblem(offset: offset, message: message)) }

    /// A command cut off by the end of the stream: reported, and parsing stops there.
    mutating func truncated(_ start: Int, _ name: String, need: Int) {
        problem(start, "\(name) is cut off: it needs \(need) bytes, the stream has \(bytes.count - start) left")
        at = bytes.count
    }

    func hex(_ byte: UInt8) -> String { byte < 16 ? "0" + String(byte, radix: 16, uppercase: true) : String(byte, radix: 16, uppercase: true) }
    func scalar(_ byte: UInt8) -> String { (0x21...0x7E).contains(byte) ? String(Unicode.Scalar(byte)) : "0x" + hex(byte) }
}
