/// CODE128 bar patterns (ISO/IEC 15417), for drawing what GS k 73 asks a printer to print.
public enum Code128 {
    /// Bar and space widths in modules for the 107 symbols (106 is the stop, 7 elements).
    static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noCodeSet
        case badCharacter(UInt8, codeSet: Character)
        case oddDigits

        public var description: String {
            switch self {
            case .noCodeSet: "CODE128 data must start with {A, {B or {C"
            case .badCharacter(let b, let set): "byte 0x\(String(b, radix: 16)) is not in CODE128 code set \(set)"
            case .oddDigits: "CODE128 code set C takes pairs of digits"
            }
        }
    }

    /// The human-readable text and the module pattern (true = bar) of ESC/POS CODE128 data,
    /// which names its code set with `{A`, `{B` or `{C` (and may switch with them).
    public static func encode(_ data: [UInt8]) throws(Failure) -> (text: String, modules: [Bool]) {
        guard data.count >= 2, data[0] == 0x7B, let first = codeSet(data[1]) else { throw .noCodeSet }
        var symbols = [first == "A" ? 103 : first == "B" ? 104 : 105]
        var set = first
        var text = ""
        var i = 2
        while i < data.count {
            let byte = data[i]
            if byte == 0x7B, i + 1 < data.count, let next = codeSet(data[i + 1]) {
                if next != set { symbols.append(next == "A" ? 101 : next == "B" ? 100 : 99) }
                set = next
                i += 2
                continue
            }
            switch set {
            case "C":
                guard i + 1 < data.count, (0x30...0x39).contains(byte), (0x30...0x39).contains(data[i + 1]) else { throw .oddDigits }
                symbols.append(Int(byte - 0x30) * 10 + Int(data[i + 1] - 0x30))
                text += String(decoding: data[i...i + 1], as: UTF8.self)
                i += 2
            case "A":
                guard byte < 0x60 else { throw .badCharacter(byte, codeSet: "A") }
                symbols.append(byte < 0x20 ? Int(byte) + 64 : Int(byte) - 32)
                text.unicodeScalars.append(Unicode.Scalar(byte))
                i += 1
            default:
                guard (0x20...0x7F).contains(byte) else { throw .badCharacter(byte, codeSet: "B") }
                symbols.append(Int(byte) - 32)
                text.unicodeScalars.append(Unicode.Scalar(byte))
                i += 1
            }
        }
        let checksum = symbols.enumerated().reduce(0) { $0 + ($1.offset == 0 ? $1.element : $1.offset * $1.element) } % 103
        symbols += [checksum, 106]
        var modules: [Bool] = []
        for symbol in symbols {
            for (index, width) in patterns[symbol].enumerated() {
                modules += Array(repeating: index % 2 == 0, count: Int(String(width))!)
            }
        }
        return (text, modules)
    }

    private static func codeSet(_ byte: UInt8) -> Character? {
        switch byte {
        case 0x41: "A"
        case 0x42: "B"
        case 0x43: "C"
        default: nil
        }
    }
}
