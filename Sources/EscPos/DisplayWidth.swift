/// Column widths on a receipt printer: Font A is 12 dots wide, a Chinese (GB18030
/// double-byte) character 24 dots, so a Han character takes two columns.
public enum DisplayWidth {
    public static func columns(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        return scalar.value < 0x80 ? 1 : (isNarrow(scalar.value) ? 1 : 2)
    }

    public static func columns(of text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    /// Latin-1 letters and the halfwidth forms print in half a cell on Chinese printers.
    private static func isNarrow(_ value: UInt32) -> Bool {
        (0xA0...0x2FF).contains(value) || (0xFF61...0xFFDC).contains(value)
    }

    /// Breaks text into lines of at most `limit` columns. Breaks at spaces between Latin
    /// words where it can, anywhere between Han characters, and never inside a character;
    /// explicit newlines are kept.
    public static func wrap(_ text: String, columns limit: Int) -> [String] {
        let limit = max(limit, 2)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var width = 0
            for character in paragraph {
                let w = columns(of: character)
                if width + w > limit {
                    if let space = line.lastIndex(of: " "), character != " ",
                       line[line.index(after: space)...].allSatisfy({ $0.isASCII && !$0.isWhitespace }),
                       line.distance(from: space, to: line.endIndex) < line.count / 2 {
                        let rest = String(line[line.index(after: space)...])
                        lines.append(String(line[..<space]))
                        line = rest
                        width = columns(of: rest)
                    } else {
                        lines.append(line)
                        line = ""
                        width = 0
                    }
                    if character == " " && line.isEmpty { continue }
                }
                line.append(character)
                width += w
            }
            lines.append(line)
        }
        return lines
    }
}
