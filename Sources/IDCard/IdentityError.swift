/// Why a card's data could not become an identity; no half-filled identity is ever made.
public enum IdentityError: Error, Sendable, Equatable, CustomStringConvertible {
    case shortText(Int)
    case unknownCardType(String)
    case malformedText(field: String, offset: Int)
    case impossibleDate(field: String, value: String)
    case emptyField(String)
    case badNumber(String, IDNumber.Problem)
    case numberDoesNotMatchBirthDate(number: String, birthDate: CardDate)
    case badCode(field: String, value: String)
    case bodyLengths(text: Int, photo: Int, fingerprint: Int?, data: Int)

    public var description: String {
        switch self {
        case .shortText(let n): "the text block has \(n) bytes, not 256"
        case .unknownCardType(let t): "unknown card type \"\(t)\" at offset 248"
        case .malformedText(let f, let o): "\(f) at offset \(o) is not valid UCS-2 text"
        case .impossibleDate(let f, let v): "\(f) \"\(v)\" is not a date"
        case .emptyField(let f): "\(f) is empty"
        case .badNumber(let n, let p): "identity number \(IDNumber.mask(n)): \(p)"
        case .numberDoesNotMatchBirthDate(let n, let d): "identity number \(IDNumber.mask(n)) does not carry the birth date \(d)"
        case .badCode(let f, let v): "\(f) \"\(v)\" is not a valid code"
        case .bodyLengths(let t, let p, let f, let d):
            "the reply announces \(t) text + \(p) photo\(f.map { " + \($0) fingerprint" } ?? "") bytes but carries \(d)"
        }
    }
}
