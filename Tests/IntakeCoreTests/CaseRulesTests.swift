import Foundation
import HallServer
import IntakeCore
import Testing

@Suite(.timeLimit(.minutes(5)))
/// Decisions, case types, clock stops, deadlines and cards, as pure rules on the demo catalog
/// and the 2026 calendar.
struct CaseRulesTests {
    static let catalog = try! HallFiles.loadCatalog(path: nil)
    static let calendar = try! HallFiles.loadLayout(path: nil, catalog: catalog).workingCalendar
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func day(_ s: String) -> CivilDay { CivilDay(s)! }
    func ctx(_ today: String, by: String = "s003") -> CaseTransitions.Context {
        CaseTransitions.Context(now: t0, today: day(today), by: by, calendar: Self.calendar)
    }
    func newborn(applicant: Applicant? = Applicant(name: "李小红", idNumber: "440307198802294442")) throws -> ServiceCase {
        try ServiceCase.open(CaseRequest(bundleID: "newborn", windowID: "4", openedBy: "s004", applicant: applicant), id: "c1",
                             number: CaseNumber.make(day: day("2026-09-24"), sequence: 1), at: t0, catalog: Self.catalog)
    }
    func apply(_ action: CaseAction, _ c: ServiceCase, on today: String = "2026-09-24") throws -> ServiceCase {
        try CaseTransitions.apply(action, to: c, ctx(today)).0
    }
    let bring = [MaterialCheck(materialID: "resident-id-card", status: .present), MaterialCheck(materialID: "marriage-certificate", status: .present)]

    @Test func caseNumbersCarryACheckDigit() {
        let n = CaseNumber.make(day: day("2026-12-01"), sequence: 7)
        #expect(n.count == 14 && n.hasPrefix("C202612010007"))
        #expect(CaseNumber.normalized(n.lowercased()) == n)
        var typo = Array(n); typo[10] = typo[10] == "1" ? "2" : "1"
        #expect(CaseNumber.normalized(String(typo)) == nil)
    }

    @Test func bundleCaseStartsWithTheMergedChecklist() throws {
        let c = try newborn()
        #expect(c.caseType == .joint && c.leadDepartment == "卫生健康委员会" && c.subCases.count == 7)
        let status = Dictionary(uniqueKeysWithValues: c.materials.map { ($0.materialID, $0.status) })
        #expect(status["household-register"] == .dataSharing)
        #expect(status["birth-medical-certificate"] == .producedInBundle)
        #expect(status["ethnicity-confirmation"] == .pending)
        #expect(c.promisedLimitDays == 5)
    }

    @Test func acceptOnlyWhenComplete() throws {
        var c = try apply(.checkMaterials(bring), try newborn())
        #expect(throws: CaseError.materialsIncomplete(["民族成份确认书"])) { try apply(.accept, c) }
        c = try apply(.checkMaterials([MaterialCheck(materialID: "ethnicity-confirmation", status: .present)]), c)
        let accepted = try apply(.accept, c)
        #expect(accepted.state == .accepted && accepted.acceptedOn == day("2026-09-24"))
        let docs = CaseDocuments.issued(by: .accept, case: accepted, deadline: CaseDeadline.of(accepted, today: day("2026-09-24"), calendar: Self.calendar),
                                        today: day("2026-09-24"), id: { "d" }, at: t0)
        #expect(docs.map(\.kind) == [.acceptanceNotice])
        #expect(docs[0].fields.contains(.init("承诺办结日期", "2026-10-09")))  // 中秋 and 国庆 skipped
        #expect(docs[0].fields.contains(.init("申请人", "李** 4403**********4442")))
    }

    @Test func oneTimeNoticeThenCorrectionThenAccept() throws {
        var c = try newborn()
        #expect(throws: CaseError.nothingToCorrect) { try apply(.requestCorrection([]), c) }
        c = try apply(.requestCorrection([
            .init(materialID: "marriage-certificate", name: "夫妻双方结婚证", problem: "未携带", remedy: "携带原件"),
            .init(materialID: "ethnicity-confirmation", name: "民族成份确认书", problem: "缺少签字", remedy: "双方签字后提交"),
        ]), c)
        #expect(c.state == .awaitingCorrection && c.correction?.items.count == 2)
        #expect(throws: CaseError.notAllowed(action: "accept", state: .awaitingCorrection)) { try apply(.accept, c) }
        c = try apply(.correctionsSupplied(bring + [MaterialCheck(materialID: "ethnicity-confirmation", status: .present)]), c, on: "2026-09-28")
        #expect(try apply(.accept, c, on: "2026-09-28").state == .accepted)
        // Never came back instead: closed as 补正不来办结.
        let lapsed = try apply(.lapse, try apply(.requestCorrection([.init(name: "结婚证", problem: "缺少", remedy: "补交")]), try newborn()))
        #expect(lapsed.state == .lapsed && lapsed.closing?.outcome == "correctionsNeverCame")
    }

    @Test func acceptWithDeficienciesRules() throws {
        let pledge = { (ids: [String], by: String, signed: Bool) -> CaseAction in
            .acceptWithDeficiencies(materialIDs: ids, supplyBy: CivilDay(by)!, form: "窗口递交原件", consequence: "逾期未补齐的，终止办理", pledgeSigned: signed)
        }
        // A key material missing: not open.
        let partial = try apply(.checkMaterials([bring[0]]), try newborn())
        #expect(throws: CaseError.keyMaterialMissing(["夫妻双方结婚证"])) { try apply(pledge(["ethnicity-confirmation"], "2026-09-30", true), partial) }
        let c = try apply(.checkMaterials(bring), try newborn())
        #expect(throws: CaseError.pledgeNotSigned) { try apply(pledge(["ethnicity-confirmation"], "2026-09-30", false), c) }
        // Later than the promised completion date (5 working days: 2026-10-09).
        #expect(throws: CaseError.supplyDeadlineTooLate(supplyBy: day("2026-10-10"), promisedDue: day("2026-10-09"))) {
            try apply(pledge(["ethnicity-confirmation"], "2026-10-10", true), c)
        }
        var untrustworthy = try newborn(applicant: Applicant(name: "王某", idNumber: "440307198802294442", untrustworthy: true))
        untrustworthy = try apply(.checkMaterials(bring), untrustworthy)
        #expect(throws: CaseError.untrustworthyApplicant) { try apply(pledge(["ethnicity-confirmation"], "2026-09-30", true), untrustworthy) }

        let accepted = try apply(pledge(["ethnicity-confirmation"], "2026-10-09", true), c)
        #expect(accepted.state == .accepted && accepted.deficiency?.supplyBy == day("2026-10-09"))
        #expect(accepted.materials.first { $0.materialID == "ethnicity-confirmation" }?.status == .pledged)
        let docs = CaseDocuments.issued(by: pledge(["ethnicity-confirmation"], "2026-10-09", true), case: accepted,
                                        deadline: CaseDeadline.of(accepted, today: day("2026-09-24"), calendar: Self.calendar),
                                        today: day("2026-09-24"), id: { "d" }, at: t0)
        #expect(docs.map(\.kind) == [.deficiencyNotice, .pledge])
        #expect(docs[1].sections.flatMap(\.lines).contains("民族成份确认书"))
        #expect(docs[1].signatures == ["申请人（签字）"])
        let supplied = try apply(.supplyDeficiencies, accepted, on: "2026-09-29")
        #expect(supplied.deficiency?.suppliedOn == day("2026-09-29") && !supplied.materials.contains { $0.status == .pledged })
    }

    @Test func theWindowCannotTickWhatOnlyTheHallProvides() throws {
        #expect(throws: CaseError.statusNotSettable("dataSharing")) {
            try apply(.checkMaterials([MaterialCheck(materialID: "marriage-certificate", status: .dataSharing)]), try newborn())
        }
        let accepted = try apply(.accept, try apply(.checkMaterials(bring + [MaterialCheck(materialID: "ethnicity-confirmation", status: .present)]), try newborn()))
        #expect(throws: CaseError.notAllowed(action: "check-materials", state: .accepted)) { try apply(.checkMaterials(bring), accepted) }
    }

    @Test func oneNoticeListsEverythingOnce() throws {
        let checked = try apply(.checkMaterials([MaterialCheck(materialID: "resident-id-card", status: .present),
                                                 MaterialCheck(materialID: "marriage-certificate", status: .missing),
                                                 MaterialCheck(materialID: "ethnicity-confirmation", status: .flawed, note: "缺少签字")]), try newborn())
        #expect(throws: CaseError.correctionIncomplete(["民族成份确认书"])) {
            try apply(.requestCorrection([.init(materialID: "marriage-certificate", name: "x", problem: "未携带", remedy: "携带原件")]), checked)
        }
        let notice = try apply(.requestCorrection([.init(materialID: "marriage-certificate", name: "marriage", problem: "未携带", remedy: "携带原件"),
                                                   .init(materialID: "ethnicity-confirmation", name: "e", problem: "缺少签字", remedy: "签字")]), checked)
        #expect(notice.correction?.items.map(\.name) == ["夫妻双方结婚证", "民族成份确认书"], "named as in the guide")
        let docs = CaseDocuments.issued(by: .requestCorrection(notice.correction!.items), case: notice,
                                        deadline: CaseDeadline.of(notice, today: day("2026-09-24"), calendar: Self.calendar),
                                        today: day("2026-09-24"), id: { "d" }, at: t0)
        #expect(docs.first?.kind == .correctionNotice && docs.first?.sections.first?.lines.count == 2)
        // Back with the marriage certificate only: a second notice may repeat, never add.
        let back = try apply(.correctionsSupplied([MaterialCheck(materialID: "marriage-certificate", status: .present),
                                                   MaterialCheck(materialID: "resident-id-card", status: .flawed)]), notice, on: "2026-09-28")
        #expect(throws: CaseError.correctionBeyondFirstNotice(["夫妻双方身份证"])) {
            try apply(.requestCorrection([.init(materialID: "resident-id-card", name: "x", problem: "过期", remedy: "换证"),
                                          .init(materialID: "ethnicity-confirmation", name: "e", problem: "缺少签字", remedy: "签字")]), back)
        }
    }

    @Test func pledgeNeedsAnApplicantAndAFutureDate() throws {
        let pledge = { (by: String) -> CaseAction in
            .acceptWithDeficiencies(materialIDs: ["ethnicity-confirmation"], supplyBy: CivilDay(by)!, form: "递交", consequence: "终止", pledgeSigned: true)
        }
        #expect(throws: CaseError.supplyDeadlinePassed(day("2026-09-20"))) { try apply(pledge("2026-09-20"), try apply(.checkMaterials(bring), try newborn())) }
        #expect(throws: CaseError.applicantRequired) { try apply(pledge("2026-09-30"), try apply(.checkMaterials(bring), try newborn(applicant: nil))) }
    }

    @Test func refusalNeedsReasonsAndBasis() throws {
        let c = try newborn()
        #expect(throws: CaseError.emptyText("legalBasis")) { try apply(.refuse(reasons: ["不属于本机关职权范围"], legalBasis: " "), c) }
        let refused = try apply(.refuse(reasons: ["申请人不符合申请条件"], legalBasis: "《中华人民共和国行政许可法》第三十二条"), c)
        #expect(refused.state == .refused && refused.refusal?.reasons == ["申请人不符合申请条件"])
        let docs = CaseDocuments.issued(by: .refuse(reasons: ["申请人不符合申请条件"], legalBasis: "x"), case: refused,
                                        deadline: CaseDeadline.of(refused, today: day("2026-09-24"), calendar: Self.calendar),
                                        today: day("2026-09-24"), id: { "d" }, at: t0)
        #expect(docs.map(\.kind) == [.refusalDecision])
        #expect(docs[0].sections.map(\.heading) == ["不予受理的理由", "法律依据", "救济途径"])
        #expect(docs[0].sections[1].lines == ["《中华人民共和国行政许可法》第三十二条"])
    }

    @Test func immediateCaseIsDoneOnTheSpot() throws {
        var c = try ServiceCase.open(CaseRequest(itemID: "vaccination-certificate-issuance", windowID: "3"), id: "c2", number: "C1",
                                     at: t0, catalog: Self.catalog)
        #expect(c.caseType == .immediate)
        c = try apply(.checkMaterials([MaterialCheck(materialID: "resident-id-card", status: .present)]), c)
        c = try apply(.accept, c)
        c = try apply(.decide(itemID: "vaccination-certificate-issuance", result: SubCaseResult(outcome: .granted, opinion: "当场办结", handler: "s003", at: t0,
                                                                                              certificate: "预防接种证")), c)
        #expect(c.state == .awaitingPickup)
        c = try apply(.handOver(HandOver(mode: .pickup, windowID: "3", by: "s003", at: t0)), c)
        #expect(c.state == .completed && c.closing?.outcome == "granted")
        #expect(CaseDeadline.of(c, today: day("2026-09-24"), calendar: Self.calendar).promisedDue == day("2026-09-24"))
    }

    func accepted(on today: String, itemID: String = "social-security-card-application") throws -> ServiceCase {
        var c = try ServiceCase.open(CaseRequest(itemID: itemID), id: "c3", number: "C3", at: t0, catalog: Self.catalog)
        c = try apply(.checkMaterials([MaterialCheck(materialID: "resident-id-card", status: .present)]), c)
        return try apply(.accept, c, on: today)
    }

    @Test func deadlinesAcrossWeekendsHolidaysAndMakeUpDays() throws {
        func due(_ accepted: String) throws -> CivilDay? {
            CaseDeadline.of(try self.accepted(on: accepted), today: day(accepted), calendar: Self.calendar).promisedDue
        }
        #expect(try due("2026-11-27") == day("2026-12-04"))  // Friday: a weekend inside
        #expect(try due("2026-09-24") == day("2026-10-09"))  // 中秋 and 国庆 inside
        #expect(try due("2026-10-09") == day("2026-10-15"))  // Saturday 10-10 is a make-up working day
        let legal = CaseDeadline.of(try accepted(on: "2026-11-27"), today: day("2026-11-27"), calendar: Self.calendar).legalDue
        #expect(legal == day("2026-12-11"))
    }

    @Test func clockStopsAndResumes() throws {
        // Accepted Monday 11-02: due Monday 11-09. Stopped Tuesday and Wednesday for an inspection.
        var c = try accepted(on: "2026-11-02")
        c = try apply(.suspend(reason: "现场勘察"), c, on: "2026-11-03")
        #expect(c.state == .suspended)
        let during = CaseDeadline.of(c, today: day("2026-11-04"), calendar: Self.calendar)
        #expect(!during.clockRunning && during.stoppedDays == 2 && during.promisedDue == day("2026-11-11"))
        #expect(throws: CaseError.notAllowed(action: "decide", state: .suspended)) {
            try apply(.decide(itemID: "social-security-card-application", result: SubCaseResult(outcome: .granted, opinion: "x", handler: "s", at: t0)), c)
        }
        c = try apply(.resume, c, on: "2026-11-05")
        let after = CaseDeadline.of(c, today: day("2026-11-05"), calendar: Self.calendar)
        #expect(after.clockRunning && after.stoppedDays == 2 && after.promisedDue == day("2026-11-11"))
        #expect(c.clockStops == [ClockStop(reason: "现场勘察", from: day("2026-11-03"), to: day("2026-11-05"))])
    }

    @Test func yellowThenRedCards() throws {
        let c = try accepted(on: "2026-11-27")  // due 12-04
        func card(_ today: String) -> CaseDeadline.Card { CaseDeadline.of(c, today: day(today), calendar: Self.calendar).card }
        #expect(card("2026-12-01") == .none)   // 3 working days left
        #expect(card("2026-12-03") == .yellow) // 1 left
        #expect(card("2026-12-04") == .yellow) // the last day
        #expect(card("2026-12-05") == .red)
        #expect(CaseDeadline.of(c, today: day("2026-12-07"), calendar: Self.calendar).daysLeft == -1)
        var done = try apply(.decide(itemID: "social-security-card-application", result: SubCaseResult(outcome: .granted, opinion: "准予", handler: "s", at: t0)), c)
        #expect(CaseDeadline.of(done, today: day("2026-12-07"), calendar: Self.calendar).card == .none)
        done = try apply(.handOver(HandOver(mode: .courier, courier: "EMS", trackingNumber: "EA123", address: "示例路1号", by: "s007", at: t0)), done)
        #expect(done.state == .completed)
    }

    @Test func proxyServiceSlipEscalationAndResult() throws {
        var c = try accepted(on: "2026-11-27")
        c = try apply(.delegate(ProxyService(slipNumber: "", delegatedOn: day("2026-11-27"), request: "代为办理社保卡", assignedTo: "p01",
                                             assignedName: "赵代办")), c)
        #expect(c.proxy?.slipNumber.hasPrefix("W") == true)
        #expect(throws: CaseError.notAllowed(action: "proxy-result", state: .accepted)) { try apply(.proxyResult("已办结"), c) }
        c = try apply(.escalateProxy(to: "市级帮办代办中心"), c, on: "2026-11-30")
        c = try apply(.proxyResult("市级已办结，证件寄回"), c, on: "2026-12-02")
        #expect(c.proxy?.escalatedOn == day("2026-11-30") && c.proxy?.resultOn == day("2026-12-02"))
        let csv = ProxyLedger.csv([c], deadline: { CaseDeadline.of($0, today: self.day("2026-12-02"), calendar: Self.calendar) },
                                  day: { _ in self.day("2026-12-02") })
        #expect(csv.contains("赵代办") && csv.contains("市级帮办代办中心") && csv.contains("2026-12-04"))
    }
}
