/// Reviews counted by level for one group (a window, a staff member, an item, a day), with
/// the satisfaction rate: reviews that are not bad over all reviews (好评率).
public struct ReviewSummary: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var total: Int
    /// Counts by level, `"5"` (非常满意) to `"1"` (非常不满意).
    public var levels: [String: Int]
    public var bad: Int
    /// 0…1; nil with no reviews.
    public var satisfactionRate: Double?

    public enum Grouping: String, Sendable, CaseIterable {
        case window, staff, item, day
    }

    /// Groups reviews; `day` gives the hall-local day of each review.
    public static func group(_ reviews: [Review], by grouping: Grouping, day: (Review) -> String) -> [ReviewSummary] {
        var groups: [String: (label: String, reviews: [Review])] = [:]
        for review in reviews {
            let (key, label): (String, String) = switch grouping {
            case .window: (review.windowID ?? "-", review.windowID.map { "窗口 \($0)" } ?? review.channel.rawValue)
            case .staff: (review.staffID ?? "-", review.staffName ?? "-")
            case .item: (review.itemCode ?? review.itemName, review.itemName)
            case .day: (day(review), day(review))
            }
            groups[key, default: (label, [])].reviews.append(review)
        }
        return groups.keys.sorted().map { key in
            let group = groups[key]!
            var levels: [String: Int] = [:]
            for level in ReviewLevel.allCases { levels[String(level.rawValue)] = 0 }
            for r in group.reviews { levels[String(r.level.rawValue), default: 0] += 1 }
            let bad = group.reviews.filter(\.level.isBad).count
            let total = group.reviews.count
            return ReviewSummary(key: key, label: group.label, total: total, levels: levels, bad: bad,
                                 satisfactionRate: total == 0 ? nil : Double(total - bad) / Double(total))
        }
    }
}
