/// Identity numbers (GB 11643-1999): 18 characters, the last an ISO 7064 MOD 11-2 check
/// character; the birth date at positions 7–14; the 17th digit odd for men. Legacy
/// 15-digit numbers (before 1999) carry a two-digit year and no check character.
public enum IDNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case length(Int)
        case characters
        case checkCharacter(expected: Character, got: Character)
        case birthDate(String)

        public var description: String {
            switch self {
            case .length(let n): "an identity number has 18 characters (or 15 for old numbers), not \(n)"
            case .characters: "an identity number has digits only (and X as the last)"
            case .checkCharacter(let e, let g): "check character is \(g), the number says it must be \(e)"
            case .birthDate(let d): "\(d) is not a date"
            }
        }
    }

    /// The MOD 11-2 check character of the first 17 digits.
    public static func checkCharacter(of first17: some StringProtocol) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// Checks a number and returns the birth date it carries.
    @discardableResult
    public static func validate(_ number: String) throws(Problem) -> CardDate {
        switch number.count {
        case 18:
            let body = number.prefix(17)
            guard body.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let last = number.last, last.isASCII && (last.isNumber || last == "X") else { throw .characters }
            let expected = checkCharacter(of: body)!
            guard expected == last else { throw .checkCharacter(expected: expected, got: last) }
            let text = String(number.dropFirst(6).prefix(8))
            guard let date = CardDate(text) else { throw .birthDate(text) }
            return date
        case 15:
            guard number.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .characters }
            let text = "19" + String(number.dropFirst(6).prefix(6))
            guard let date = CardDate(text) else { throw .birthDate(text) }
            return date
        default:
            throw .length(number.count)
        }
    }

    /// First four and last four characters, the rest as `*` (issue: 1101**********1234).
    public static func mask(_ number: String) -> String {
        guard number.count > 8 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(4)) + String(repeating: "*", count: number.count - 8) + String(number.suffix(4))
    }
}
