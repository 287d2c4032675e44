import Foundation

/// One citizen of the simulated day (issue 15): when they come, what for, and what happens
/// to them at the window, all drawn from the seed before the day starts.
struct CitizenPlan: Sendable {
    enum Visit: Sendable, Equatable {
        case item(String)
        case bundle(String)
    }

    /// The window's decision on the case (seed 004 §9): every kind occurs in a day.
    enum Decision: String, Sendable, CaseIterable {
        case accept, correct
        case acceptWithDeficiencies = "accept-with-deficiencies"
        case refuse
    }

    var index: Int
    /// Hall seconds after the hall opens.
    var arrival: Double
    var visit: Visit
    /// A priority reason for the green channel (绿色通道), or none.
    var priority: String?
    /// Takes the ticket with an ID card on the kiosk's reader (实名取号).
    var realName: Bool
    /// Gone when called (过号).
    var absent: Bool
    var serviceSeconds: Double
    /// The window's decision; nil for a visit that opens no case (an enquiry).
    var decision: Decision?
    /// The keypad level pressed after the service; nil for a citizen who walks away.
    var review: Int?
}

/// The day's citizens, drawn from a seed: arrivals by the hour with a morning peak, an item
/// and bundle mix, real-name and priority shares, absences, service times, decisions and
/// reviews. Shares are of the kind a county hall reports; they are a demo's, not a survey's.
struct DayPlan: Sendable {
    static let opening = 8.5 * 3600, lunchStart = 12.0 * 3600, lunchEnd = 13.5 * 3600, closing = 17.5 * 3600
    /// Arrivals per hour of the day (hour → weight): the morning peak at ten, a lunch trough.
    static let arrivalWeights: [(hour: Double, weight: Double)] = [
        (8.5, 6), (9, 14), (10, 15), (11, 10), (12, 3), (13, 4), (14, 11), (15, 10), (16, 7), (17, 1),
    ]
    /// Single items of the general queue with their mean service minutes.
    static let items: [(String, Double, Double)] = [
        ("social-security-card-application", 3, 14), ("resident-id-card-renewal", 4, 12),
        ("employment-registration", 5, 10), ("resident-pension-insurance-registration", 4, 10),
        ("real-estate-registration-records-inquiry", 2.5, 8), ("vaccination-certificate-issuance", 2.5, 6),
        ("business-license-change-registration", 7, 6), ("birth-registration", 6, 5),
    ]
    /// "One thing" bundles (一件事) with their mean service minutes: one sitting for several items.
    static let bundles: [(String, Double, Double)] = [
        ("newborn", 10, 4), ("retirement", 8, 3), ("marriage-and-childbirth", 7, 3), ("after-death", 12, 2),
        ("social-security-card-services", 5, 3), ("employee-hiring", 10, 2), ("restaurant-opening", 12, 1),
        ("enterprise-information-change", 10, 1),
    ]

    var citizens: [CitizenPlan]

    /// - Parameter realNameShare: the share who take their ticket with an ID card on the kiosk's reader.
    static func make(citizens count: Int, seed: UInt64, realNameShare: Double = 0.2) -> DayPlan {
        var random = DayRandom(seed: seed)
        var arrivals: [Double] = []
        for _ in 0..<count {
            let band = random.weighted(arrivalWeights.enumerated().map { i, b in
                let end = i + 1 < arrivalWeights.count ? arrivalWeights[i + 1].hour : closing / 3600 - 0.25
                return ((b.hour, end), b.weight * (end - b.hour))
            })
            arrivals.append((Double.random(in: band.0..<band.1, using: &random) * 3600) - opening)
        }
        arrivals.sort()
        let citizens = arrivals.enumerated().map { index, arrival -> CitizenPlan in
            let bundle = random.chance(0.25)
            let (visit, mean): (CitizenPlan.Visit, Double) = bundle
                ? { let b = random.weighted(bundles.map { (($0.0, $0.1), $0.2) }); return (.bundle(b.0), b.1) }()
                : { let i = random.weighted(items.map { (($0.0, $0.1), $0.2) }); return (.item(i.0), i.1) }()
            let priority = random.chance(0.05) ? random.weighted([("elderly", 5.0), ("disabled", 2), ("pregnant", 1), ("soldier", 1)]) : nil
            let opensCase = random.chance(0.85)
            let decision = opensCase ? random.weighted([(CitizenPlan.Decision.accept, 70.0), (.correct, 12), (.acceptWithDeficiencies, 10), (.refuse, 8)]) : nil
            let review = random.chance(0.85) ? random.weighted([(5, 78.0), (4, 12), (3, 5), (2, 3), (1, 2)]) : nil
            return CitizenPlan(index: index, arrival: arrival, visit: visit, priority: priority, realName: random.chance(realNameShare),
                               absent: random.chance(0.05), serviceSeconds: random.serviceSeconds(meanMinutes: mean),
                               decision: decision, review: review)
        }
        return DayPlan(citizens: citizens)
    }
}
