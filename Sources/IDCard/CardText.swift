/// The 256-byte text block of a card: UCS-2 little-endian fields at fixed offsets, padded
/// with spaces (devices.md A.3).
struct CardText {
    let bytes: [UInt8]

    /// A field's text with the padding removed.
    func field(_ name: String, at offset: Int, length: Int) throws(IdentityError) -> String {
        guard offset + length <= bytes.count else { throw .shortText(bytes.count) }
        var units: [UInt16] = []
        for i in stride(from: offset, to: offset + length, by: 2) {
            units.append(UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
        }
        var text = ""
        for unit in units {
            guard let scalar = Unicode.Scalar(unit) else { throw .malformedText(field: name, offset: offset) }
            if unit < 0x20 && unit != 0 { throw .malformedText(field: name, offset: offset) }
            text.unicodeScalars.append(scalar)
        }
        return text.trimmingCharacters(in: " \u{0}")
    }

    func date(_ name: String, at offset: Int) throws(IdentityError) -> CardDate {
        let text = try field(name, at: offset, length: 16)
        guard let date = CardDate(text) else { throw .impossibleDate(field: name, value: text) }
        return date
    }

    func number(_ name: String, at offset: Int, length: Int) throws(IdentityError) -> Int? {
        let text = try field(name, at: offset, length: length)
        if text.isEmpty { return nil }
        guard let value = Int(text) else { throw .malformedText(field: name, offset: offset) }
        return value
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, drop.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, drop.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
