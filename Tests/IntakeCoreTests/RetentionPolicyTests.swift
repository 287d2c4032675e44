@testable import IntakeCore
import Testing

/// The retention periods (issue 17): the first day kept of each kind, and periods under a day
/// refused by their key.
@Suite("Retention policy")
struct RetentionPolicyTests {
    @Test func cutoffsCountBackFromToday() {
        var policy = RetentionPolicy()
        policy.ticketHolderDays = 30
        let cutoffs = policy.cutoffs(today: CivilDay("2026-12-31")!)
        #expect(cutoffs.ticketHolders == CivilDay("2026-12-01")!)
        #expect(cutoffs.pageImages == CivilDay("2016-12-31")!.adding(days: 2))  // 3650 days: two leap days between
        #expect(RetentionPolicy().problems.isEmpty)
    }

    @Test func aPeriodUnderADayIsRefusedByItsKey() {
        var policy = RetentionPolicy()
        policy.pressLogDays = 0
        policy.caseApplicantDays = -5
        #expect(policy.problems == ["retention.caseApplicantDays must be at least 1 day, got -5", "retention.pressLogDays must be at least 1 day, got 0"])
    }

    @Test func theArchiveFactsHoldCountsAndDaysOnly() {
        var erased = RetentionErasure()
        erased.caseApplicants = 3
        let facts = erased.facts(RetentionPolicy().cutoffs(today: CivilDay("2026-12-31")!))
        // 1,825 days back from 2026-12-31, with 2024-02-29 between.
        #expect(facts["caseApplicants"] == "3 closed before 2022-01-01" && facts.count == 9)
    }
}
