/// Case numbers (办件编号): `C` + the hall-local day + a four-digit sequence + a Luhn check
/// digit, `C2026120100072`. Unique (one counter per day), stable, short enough to read out
/// and type at the kiosk, where the check digit catches a mistyped digit or two swapped ones.
public enum CaseNumber {
    public static func make(day: CivilDay, sequence: Int) -> String {
        let seq = String(sequence)
        let body = day.description.filter(\.isNumber) + String(repeating: "0", count: max(0, 4 - seq.count)) + seq
        return "C" + body + String(checkDigit(body))
    }

    /// Whether a typed number is well-formed with a correct check digit (case and spaces forgiven).
    public static func normalized(_ text: String) -> String? {
        let t = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard t.first == "C", t.count >= 14 else { return nil }
        let digits = t.dropFirst()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let last = digits.last, let check = Int(String(last)) else { return nil }
        return checkDigit(String(digits.dropLast())) == check ? t : nil
    }

    /// Luhn (ISO/IEC 7812-1).
    static func checkDigit(_ digits: String) -> Int {
        var sum = 0
        for (i, ch) in digits.reversed().enumerated() {
            var d = Int(String(ch)) ?? 0
            if i % 2 == 0 { d *= 2; if d > 9 { d -= 9 } }
            sum += d
        }
        return (10 - sum % 10) % 10
    }
}
