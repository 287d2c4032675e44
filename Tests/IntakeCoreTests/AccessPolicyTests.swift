import Foundation
import HallServer
import IntakeCore
import Testing

/// The core's access rules on their own (R8).
@Suite("Access policy", .timeLimit(.minutes(5)))
struct AccessPolicyTests {
    @Test func failuresAreSlowedThenLocked() {
        let t = SignInThrottle()
        #expect(t.delay(afterFailures: 0) == .zero)
        #expect(t.delay(afterFailures: 1) == .milliseconds(250))
        #expect(t.delay(afterFailures: 3) == .seconds(1))
        #expect(t.delay(afterFailures: 40) == .seconds(4), "never more than the maximum")
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(t.lockedUntil(afterFailures: 4, at: now) == nil)
        #expect(t.lockedUntil(afterFailures: 5, at: now) == now.addingTimeInterval(900))
    }

    @Test func sessionsEndIdleOrOld() {
        let p = SessionPolicy(idle: .seconds(3600), maxAge: .seconds(4 * 3600))
        let start = Date(timeIntervalSince1970: 0)
        #expect(p.isLive(created: start, lastSeen: start, at: start.addingTimeInterval(3599)))
        #expect(!p.isLive(created: start, lastSeen: start, at: start.addingTimeInterval(3600)))
        #expect(!p.isLive(created: start, lastSeen: start.addingTimeInterval(3.5 * 3600), at: start.addingTimeInterval(4 * 3600)))
    }

    @Test func audiencesNameWhatIsNeeded() {
        let clerk = Caller.staff(SignedInStaff(account: StaffAccount(id: "c", name: "王", roles: [.clerk]), windowID: "3"))
        #expect(Audience.roles(.supervisor).admits(clerk) == .forbidden("this needs the role supervisor"))
        #expect(Audience.roles(.clerk).admits(.anonymous) == .unauthenticated("sign in first (POST /api/v1/session)"))
        #expect(Audience.kiosk.admits(clerk) == .forbidden("this is for an enrolled kiosk"))
        #expect(Audience.kioskOrStaff([.clerk]).admits(.kiosk(EnrolledDevice(id: "kiosk-1"))) == .allowed)
        #expect(Audience.public.admits(.anonymous) == .allowed)
    }

    @Test func readersBelongToTheirKioskOrWindow() {
        let kiosk1 = Caller.kiosk(EnrolledDevice(id: "kiosk-1")), kiosk2 = Caller.kiosk(EnrolledDevice(id: "kiosk-2"))
        #expect(ReaderAccess.mayTakeCard(from: .kiosk("kiosk-1"), readerID: "r", by: kiosk1) == .allowed)
        #expect(!ReaderAccess.mayTakeCard(from: .kiosk("kiosk-1"), readerID: "r", by: kiosk2).isAllowed)
        let at3 = Caller.staff(SignedInStaff(account: StaffAccount(id: "c", name: "王", roles: [.clerk]), windowID: "3"))
        let at4 = Caller.staff(SignedInStaff(account: StaffAccount(id: "d", name: "李", roles: [.clerk]), windowID: "4"))
        #expect(ReaderAccess.mayTakeCard(from: .window("3"), readerID: "r", by: at3) == .allowed)
        #expect(!ReaderAccess.mayTakeCard(from: .window("3"), readerID: "r", by: at4).isAllowed)
        #expect(ReaderAccess.mayTakeCard(from: .window("3"), readerID: "r", by: .anonymous) == .unauthenticated("reader r is window 3's: sign in there first"))
    }

    @Test func theReviewedNeverDecideTheirOwnCase() {
        let task = RectificationTask(id: "t", reviewID: "r", department: "人社", state: .appealed, openedAt: Date(timeIntervalSince1970: 0),
                                     dueDay: CivilDay("2026-12-10")!, realName: false)
        let reviewedSupervisor = SignedInStaff(account: StaffAccount(id: "s1", name: "朱", roles: [.clerk, .supervisor]))
        let other = SignedInStaff(account: StaffAccount(id: "s2", name: "胡", roles: [.supervisor]))
        #expect(ReviewTaskAccess.mayTake(.appeal, on: task, reviewedStaff: "s1", by: reviewedSupervisor) == .allowed)
        #expect(!ReviewTaskAccess.mayTake(.recheck, on: task, reviewedStaff: "s1", by: reviewedSupervisor).isAllowed)
        #expect(!ReviewTaskAccess.mayTake(.verify, on: task, reviewedStaff: "s1", by: reviewedSupervisor).isAllowed)
        #expect(ReviewTaskAccess.mayTake(.recheck, on: task, reviewedStaff: "s1", by: other) == .allowed)
        #expect(!ReviewTaskAccess.mayTake(.appeal, on: task, reviewedStaff: "s1", by: other).isAllowed)
    }

    /// A case of the demo catalog opened at window 3 for 张建国.
    static func demoCase() throws -> ServiceCase {
        let catalog = try HallFiles.loadCatalog(path: nil)
        return try ServiceCase.open(CaseRequest(itemID: "social-security-card-application", windowID: "3", openedBy: "clerk3",
                                                applicant: Applicant(name: "张建国", idNumber: "15060219500312123X")),
                                    id: "c1", number: "C202612020001X", at: Date(timeIntervalSince1970: 0), catalog: catalog)
    }

    @Test func onlyTheApplicantRatesACaseOnline() throws {
        let c = try Self.demoCase()
        #expect(OnlineReviewAccess.mayReview(c, idLast4: "123x") == .allowed)
        #expect(OnlineReviewAccess.mayReview(c, idLast4: "123X") == .allowed)
        #expect(!OnlineReviewAccess.mayReview(c, idLast4: "1230").isAllowed)
        #expect(!OnlineReviewAccess.mayReview(c, idLast4: nil).isAllowed)
        #expect(!OnlineReviewAccess.mayReview(c, idLast4: "23X").isAllowed)
        var anonymous = c
        anonymous.applicant = nil
        #expect(!OnlineReviewAccess.mayReview(anonymous, idLast4: "123X").isAllowed)
    }

    @Test func proxyWorkIsTheAssignedProxysOnly() throws {
        var c = try Self.demoCase()
        let sun = SignedInStaff(account: StaffAccount(id: "proxy1", name: "孙丽", roles: [.proxy]))
        let other = SignedInStaff(account: StaffAccount(id: "proxy2", name: "钱", roles: [.proxy]))
        #expect(!CaseAccess.mayDo(.proxy, on: c, by: sun).isAllowed, "not delegated yet")
        #expect(CaseAccess.mayDo(.delegation, on: c, by: other) == .allowed, "any proxy may take on a case not yet delegated")
        c.proxy = ProxyService(slipNumber: "D1", delegatedOn: CivilDay("2026-12-02")!, request: "代办", assignedTo: "proxy1", assignedName: "孙丽")
        #expect(CaseAccess.mayDo(.proxy, on: c, by: sun) == .allowed)
        #expect(!CaseAccess.mayDo(.proxy, on: c, by: other).isAllowed)
        #expect(!CaseAccess.mayDo(.delegation, on: c, by: other).isAllowed, "nor take over another proxy's case")
    }

    /// Only a field the catalog marks as holding nothing personal is shown in clear.
    @Test func formMaskingIsAnAllowList() throws {
        let catalog = try HallFiles.loadCatalog(path: nil)
        let disability = catalog.caseForm(itemID: "disability-certificate-services", bundleID: nil)
        #expect(disability.first { $0.fieldID == "disability.category" }?.isPersonal == true)
        let sscard = catalog.caseForm(itemID: "sscard-hrss-services", bundleID: nil)
        #expect(sscard.first { $0.fieldID == "sscard.number" }?.isPersonal == true)
        let change = catalog.caseForm(itemID: "enterprise-change-registration", bundleID: nil)
        #expect(change.first { $0.fieldID == "change.items" }?.isPersonal == false)
        #expect(CaseFormField(fieldID: "anything.new", label: "新字段", usedBy: []).isPersonal, "a field nobody judged is personal")
    }

    @Test func csvFieldsAreDefused() {
        #expect(CSVField.escape("\t=HYPERLINK(\"x\")") == "\"'\t=HYPERLINK(\"\"x\"\")\"")
        for trigger in ["=1+1", "+1", "-1", "@SUM(A1)", "\r=1"] { #expect(CSVField.escape(trigger).hasPrefix("'") || CSVField.escape(trigger).hasPrefix("\"'"), "\(trigger)") }
        #expect(CSVField.escape("王芳") == "王芳")
        #expect(CSVField.escape("a,b") == "\"a,b\"")
    }
}
