/// The hall's rules for reviews (hall file, `reviews`): how long a keypad waits for the
/// press, the reasons offered after a bad review (GB/T 39734 Annex A), and the deadline
/// for rectifying a bad review in working days. Deadlines are local (5 working days in
/// Dezhou, 15 in Sichuan: domain.md §2.2); the configured value may not exceed 15.
public struct ReviewPolicy: Codable, Sendable, Equatable {
    public var keypadSeconds: Int
    public var badReasons: [String]
    public var rectificationDays: Int

    public static let rectificationLimitDays = 15
    public static let defaultBadReasons = [
        "服务态度不好", "办事效率低", "等候时间长", "要求提供指南以外的材料", "多次跑动", "办事指南不清楚", "未能一次告知", "收费不合理",
    ]

    public init(keypadSeconds: Int = 120, badReasons: [String] = ReviewPolicy.defaultBadReasons, rectificationDays: Int = 5) {
        self.keypadSeconds = keypadSeconds; self.badReasons = badReasons; self.rectificationDays = rectificationDays
    }

    enum CodingKeys: String, CodingKey { case keypadSeconds, badReasons, rectificationDays }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReviewPolicy()
        keypadSeconds = try c.decodeIfPresent(Int.self, forKey: .keypadSeconds) ?? d.keypadSeconds
        badReasons = try c.decodeIfPresent([String].self, forKey: .badReasons) ?? d.badReasons
        rectificationDays = try c.decodeIfPresent(Int.self, forKey: .rectificationDays) ?? d.rectificationDays
    }

    public func problems(file: String) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        func add(_ field: String, _ message: String) { issues.append(CatalogIssue(file: file, entry: "reviews", field: field, message: message)) }
        if !(5...3600).contains(keypadSeconds) { add("keypadSeconds", "must be 5 to 3600 seconds, got \(keypadSeconds)") }
        if !(1...Self.rectificationLimitDays).contains(rectificationDays) {
            add("rectificationDays", "must be 1 to \(Self.rectificationLimitDays) working days (the hard limit), got \(rectificationDays)")
        }
        if badReasons.isEmpty { add("badReasons", "list at least one reason a citizen can choose") }
        if Set(badReasons).count != badReasons.count { add("badReasons", "lists a reason twice") }
        if badReasons.contains(where: { $0.allSatisfy(\.isWhitespace) }) { add("badReasons", "an empty reason") }
        return issues
    }
}
