/// One field of the hall's CSV exports (RFC 4180 quoting), defused against formula
/// injection (OWASP "CSV injection"): a value a spreadsheet would run as a formula, one
/// beginning with `=`, `+`, `-`, `@`, a tab or a carriage return, gets a leading `'`.
public enum CSVField {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    public static func escape(_ value: String) -> String {
        let safe = value.first.map(triggers.contains) == true ? "'" + value : value
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return safe }
        return "\"" + safe.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
