/// Complaint numbers (投诉举报受理编号, seed 004 §10.2 a): `TS` + the hall-local day + a
/// four-digit sequence + a Luhn check digit, `TS2026120700015`. The complainant looks the
/// result up by it (§10.3), so a mistyped digit must be refused rather than show someone
/// else's complaint: the check digit does that.
public enum ComplaintNumber {
    static let format = DaySequenceNumber(prefix: "TS")

    public static func make(day: CivilDay, sequence: Int) -> String { format.make(day: day, sequence: sequence) }

    /// The number as logs carry it: the day and the last two digits, the rest starred
    /// (`TS20261207**15`). The full number is the complainant's key to the result, so it stays
    /// out of logs like every other value that opens a citizen's record; two digits still
    /// tell one day's few complaints apart.
    public static func masked(_ number: String) -> String {
        guard number.count > 12 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(10)) + String(repeating: "*", count: number.count - 12) + String(number.suffix(2))
    }

    /// The number in canonical form when it is a valid one (case, spaces and hyphens forgiven).
    public static func normalized(_ text: String) -> String? { format.normalized(text) }
}
