/// A mainland mobile number, the one channel a reminder reaches a citizen on (seed 004
/// §8.2.4: 通过电话、移动端等提醒). Logs and staff screens show it masked only.
public enum MobilePhone {
    /// Whether `text` is an 11-digit mainland mobile number (1, then 3–9, then nine digits).
    public static func isValid(_ text: String) -> Bool {
        let digits = Array(text.utf8)
        guard digits.count == 11, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return digits[0] == 0x31 && (0x33...0x39).contains(digits[1])
    }

    /// The first three and last four digits, the middle as `*` (138****5678); anything
    /// shorter than eight characters is all `*`, so a malformed number never leaks either.
    public static func mask(_ text: String) -> String {
        guard text.count >= 8 else { return String(repeating: "*", count: text.count) }
        return String(text.prefix(3)) + String(repeating: "*", count: text.count - 7) + String(text.suffix(4))
    }
}
