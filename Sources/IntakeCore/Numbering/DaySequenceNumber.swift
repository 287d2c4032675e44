/// A number made of a prefix, the hall-local day, a sequence of at least four digits and a
/// Luhn check digit (ISO/IEC 7812-1): case numbers `C2026120100072` and complaint numbers
/// `TS2026120700015`. One counter per day keeps them unique; the check digit makes a
/// mistyped digit or two swapped neighbours a number that does not exist, so a lookup never
/// lands on someone else's record.
public struct DaySequenceNumber: Sendable {
    public let prefix: String

    public init(prefix: String) { self.prefix = prefix }

    public func make(day: CivilDay, sequence: Int) -> String {
        let seq = String(sequence)
        let body = day.description.filter(\.isNumber) + String(repeating: "0", count: max(0, 4 - seq.count)) + seq
        return prefix + body + String(Self.checkDigit(body))
    }

    /// The number in its canonical form when well-formed with a correct check digit (case,
    /// spaces and hyphens forgiven); nil otherwise.
    public func normalized(_ text: String) -> String? {
        let t = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        // Eight digits of the day, four of the sequence at least, the check digit.
        guard t.hasPrefix(prefix), t.count >= prefix.count + 13 else { return nil }
        let digits = t.dropFirst(prefix.count)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let last = digits.last, let check = Int(String(last)) else { return nil }
        return Self.checkDigit(String(digits.dropLast())) == check ? t : nil
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
