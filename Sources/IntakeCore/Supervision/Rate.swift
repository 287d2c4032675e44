/// A share with the counts it is made of, so a supervisor can check it (seed 004 §12.3.4):
/// `value` is numerator ÷ denominator, nil when nothing was counted (never a made-up 0 or 100%).
public struct Rate: Codable, Sendable, Equatable {
    public var numerator: Int
    public var denominator: Int
    public var value: Double?

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator; self.denominator = denominator
        value = denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    public static let none = Rate(0, of: 0)
}
