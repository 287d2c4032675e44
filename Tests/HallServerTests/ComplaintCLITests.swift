import Foundation
import TestSupport
import Testing

/// `onevisit complaint` (seed 004 §10) on the daemon without `--simulate`: a clerk enters a
/// complaint taken by phone, anyone looks it up by number with no personal data, the
/// supervisor lists it with the complainant masked; a clerk may not list.
@Suite("onevisit complaint", .serialized, .timeLimit(.minutes(2)))
struct ComplaintCLITests {
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func aPhoneComplaintEnteredLookedUpAndListed() async throws {
        let daemon = DaemonProcess(dataDirectory: DaemonWithoutSimulationTests.scratch("complaint-cli"), simulate: false,
                                   staff: ["clerk3", "supervisor1"])
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let clerk = try await CLIUser.login("clerk3", at: daemon)
        let filed = try await clerk.expect(["complaint", "file", "--channel", "phone", "--type", "efficiency", "--window", "3",
                                            "--content", "等了一个多小时才叫号", "--demand", "请增开窗口", "--name", "周芳", "--phone", "13700001111"])
        let number = try #require(filed.split(separator: " ").dropFirst().first.map(String.init), "\(filed)")
        #expect(filed.contains("已受理") && number.hasPrefix("TS"), "\(filed)")

        let shown = try await clerk.expect(["complaint", "show", number])
        #expect(shown.contains(number) && shown.contains("已受理") && !shown.contains("周芳") && !shown.contains("13700001111"), "\(shown)")
        _ = try await clerk.expect(["complaint", "show", "TS2026120100019"], status: 1)

        let listedByClerk = try await clerk.run(["complaint", "list"])
        #expect(listedByClerk.status == 1 && listedByClerk.output.contains("forbidden"), "\(listedByClerk.output)")
        let supervisor = try await CLIUser.login("supervisor1", at: daemon)
        let listed = try await supervisor.expect(["complaint", "list"])
        #expect(listed.contains(number) && listed.contains("周*") && !listed.contains("周芳"), "\(listed)")
    }
}
