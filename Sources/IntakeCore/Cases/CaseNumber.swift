/// Case numbers (办件编号): `C` + the hall-local day + a four-digit sequence + a Luhn check
/// digit, `C2026120100072`. Unique (one counter per day), stable, short enough to read out
/// and type at the kiosk, where the check digit catches a mistyped digit or two swapped ones.
public enum CaseNumber {
    static let format = DaySequenceNumber(prefix: "C")

    public static func make(day: CivilDay, sequence: Int) -> String { format.make(day: day, sequence: sequence) }

    /// Whether a typed number is well-formed with a correct check digit (case and spaces forgiven).
    public static func normalized(_ text: String) -> String? { format.normalized(text) }
}
