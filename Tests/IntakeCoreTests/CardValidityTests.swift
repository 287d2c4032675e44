import Foundation
import IntakeCore
import Testing

/// The card-validity rule at its boundaries: the last valid day, the first expired one, the
/// edge of the expiring window, leap days, a year's turn, long-term cards.
@Suite(.timeLimit(.minutes(1)))
struct CardValidityTests {
    func day(_ s: String) -> CivilDay { CivilDay(s)! }
    func assess(_ until: String?, on today: String) -> CardValidity {
        CardValidity.assess(validUntil: until.map(day), on: day(today))
    }

    @Test func theLastDayIsStillValidTheNextIsExpired() {
        let last = assess("2024-04-01", on: "2024-04-01")
        #expect(last.state == .expiring && last.daysLeft == 0)
        let after = assess("2024-04-01", on: "2024-04-02")
        #expect(after.state == .expired && after.daysLeft == -1)
    }

    @Test func theIssuesCardIsExpiredTodayWithTheDaysSinceItsEnd() {
        // The issue's card, valid to 2024-04-01, on 2026-12-03: 976 days past its end.
        let v = assess("2024-04-01", on: "2026-12-03")
        #expect(v.state == .expired)
        #expect(v.daysLeft == -976)
        #expect(v.validUntil == day("2024-04-01") && !v.longTerm)
    }

    @Test func theExpiringWindowStartsExactlyNinetyDaysBefore() {
        #expect(CardValidity.expiringWithinDays == 90)
        let outside = assess("2027-03-03", on: "2026-12-02")
        #expect(outside.daysLeft == 91 && outside.state == .valid)
        let edge = assess("2027-03-02", on: "2026-12-02")
        #expect(edge.daysLeft == 90 && edge.state == .expiring)
        #expect(assess("2026-12-03", on: "2026-12-02").state == .expiring)
    }

    @Test func daysAreCountedAcrossLeapDaysAndYears() {
        #expect(assess("2028-03-01", on: "2028-02-28").daysLeft == 2)  // 2028-02-29 exists
        #expect(assess("2027-03-01", on: "2027-02-28").daysLeft == 1)
        #expect(assess("2027-01-01", on: "2026-12-31").daysLeft == 1)
        #expect(assess("2038-04-01", on: "2026-12-03").state == .valid)
    }

    @Test func aLongTermCardNeverRunsOut() {
        let v = assess(nil, on: "2026-12-03")
        #expect(v.state == .valid && v.longTerm && v.validUntil == nil && v.daysLeft == nil)
    }

    @Test func theJSONCarriesTheStateTheDayAndTheDaysLeft() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let expired = String(decoding: try encoder.encode(assess("2024-04-01", on: "2024-04-11")), as: UTF8.self)
        #expect(expired == #"{"daysLeft":-10,"longTerm":false,"state":"expired","validUntil":"2024-04-01"}"#)
        let longTerm = String(decoding: try encoder.encode(assess(nil, on: "2024-04-11")), as: UTF8.self)
        #expect(longTerm == #"{"longTerm":true,"state":"valid"}"#)
    }
}
