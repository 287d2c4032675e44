/// The booking code the citizen keeps (R2): 7 random symbols of Crockford's base 32 (no
/// I, L, O, U) and a check symbol, `7QK2M9TX`. The check is the weighted sum mod 37 with
/// distinct weights, so one wrong symbol or any two swapped symbols never pass; a body
/// whose check would need one of Crockford's five extra symbols is drawn again, so every
/// code is plain letters and digits.
public enum BookingCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let bodyLength = 7
    static let weights = [8, 7, 6, 5, 4, 3, 2]

    /// A new code from the random source (the daemon's system generator; a seeded one in tests).
    public static func make(using random: inout some RandomNumberGenerator) -> String {
        while true {
            let body = (0..<bodyLength).map { _ in Int(random.next(upperBound: UInt32(alphabet.count))) }
            let check = checkValue(body)
            if check < alphabet.count { return String((body + [check]).map { alphabet[$0] }) }
        }
    }

    /// The code in its canonical form when it is a valid one: upper case, with Crockford's
    /// readings of look-alikes (o → 0, i and l → 1), spaces and hyphens ignored.
    public static func normalized(_ text: String) -> String? {
        var values: [Int] = []
        for character in text.uppercased() where character != " " && character != "-" {
            let c: Character = character == "O" ? "0" : (character == "I" || character == "L") ? "1" : character
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            values.append(v)
        }
        guard values.count == bodyLength + 1, checkValue(Array(values.prefix(bodyLength))) == values.last else { return nil }
        return String(values.map { alphabet[$0] })
    }

    static func checkValue(_ body: [Int]) -> Int {
        zip(body, weights).reduce(0) { $0 + $1.0 * $1.1 } % 37
    }
}
