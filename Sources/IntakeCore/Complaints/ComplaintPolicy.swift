/// The hall's rules for complaints (hall file, `complaints`): the working days to answer a
/// complaint (seed 004 §10.1 及时处理回复) and how many working days before that the yellow
/// card shows, as for cases.
public struct ComplaintPolicy: Codable, Sendable, Equatable {
    public var answerDays: Int
    public var yellowDays: Int

    public init(answerDays: Int = 10, yellowDays: Int = 2) { self.answerDays = answerDays; self.yellowDays = yellowDays }

    enum CodingKeys: String, CodingKey { case answerDays, yellowDays }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ComplaintPolicy()
        answerDays = try c.decodeIfPresent(Int.self, forKey: .answerDays) ?? d.answerDays
        yellowDays = try c.decodeIfPresent(Int.self, forKey: .yellowDays) ?? d.yellowDays
    }

    public func problems(file: String) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        if !(1...60).contains(answerDays) {
            issues.append(CatalogIssue(file: file, entry: "complaints", field: "answerDays", message: "must be 1 to 60 working days, got \(answerDays)"))
        }
        if !(0...max(0, answerDays)).contains(yellowDays) {
            issues.append(CatalogIssue(file: file, entry: "complaints", field: "yellowDays",
                                       message: "must be 0 to answerDays (\(answerDays)) working days, got \(yellowDays)"))
        }
        return issues
    }
}
