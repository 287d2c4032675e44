import Foundation
import HallServer
import IntakeCore
import IntakeStore
import Testing

@Suite(.timeLimit(.minutes(5)))
/// Case numbering and shared data first, on a real database file.
struct CaseStoreTests {
    static let catalog = try! HallFiles.loadCatalog(path: nil)
    let day = CivilDay("2026-09-24")!
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func store() throws -> CaseStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-cases-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return CaseStore(writer: try HallDatabase.open(path: dir + "/onevisit.sqlite"))
    }

    @Test func numbersPerDayNeverRepeat() async throws {
        let s = try store()
        var numbers: [String] = []
        for _ in 0..<3 { numbers.append(try await s.open(CaseRequest(itemID: "birth-registration"), at: now, day: day, catalog: Self.catalog, by: "s1").number) }
        #expect(numbers == ["C202609240001" + "\(numbers[0].last!)", "C202609240002" + "\(numbers[1].last!)", "C202609240003" + "\(numbers[2].last!)"])
        #expect(numbers.allSatisfy { CaseNumber.normalized($0) == $0 })
        // A bad request takes no number.
        await #expect(throws: CaseStoreError.self) { try await s.open(CaseRequest(itemID: "nope"), at: now, day: day, catalog: Self.catalog, by: "s1") }
        let next = try await s.open(CaseRequest(itemID: "birth-registration"), at: now, day: CivilDay("2026-09-25")!, catalog: Self.catalog, by: "s1")
        #expect(next.number.hasPrefix("C202609250001"))
    }

    @Test func formFilledFromTheCardAndTheEarlierCase() async throws {
        let s = try store()
        let applicant = Applicant(name: "李小红", idNumber: "440307198802294442", phone: "13800135678")
        let first = try await s.open(CaseRequest(bundleID: "newborn", applicant: applicant, applicantFromCard: true), at: now, day: day,
                                     catalog: Self.catalog, by: "s4")
        let fields = Dictionary(uniqueKeysWithValues: first.form.map { ($0.fieldID, $0) })
        #expect(first.form.filter { $0.fieldID == "child.name" }.count == 1, "the merged form asks each field once")
        #expect(fields["applicant.name"]?.value == "李小红" && fields["applicant.name"]?.source == .idCard)
        #expect(fields["applicant.phone"]?.value == "13800135678")
        #expect(fields["father.name"]?.value == nil)
        let ctx = CaseTransitions.Context(now: now, today: day, by: "s4", calendar: WorkingCalendar())
        _ = try await s.act(number: first.number, .fillForm(["father.name": "王大明", "mother.name": "李小红", "child.name": "王小宝"]), context: ctx)
        await #expect(throws: CaseStoreError.self) { try await s.act(number: first.number, .fillForm(["no.such": "x"]), context: ctx) }

        // Her next case, her card read at the window: the parents are known already.
        let second = try await s.open(CaseRequest(bundleID: "newborn", applicant: applicant, applicantFromCard: true), at: now + 60, day: day,
                                      catalog: Self.catalog, by: "s4")
        let again = Dictionary(uniqueKeysWithValues: second.form.map { ($0.fieldID, $0) })
        #expect(again["father.name"]?.value == "王大明" && again["father.name"]?.source == .earlierCase)
        #expect(again["child.name"]?.value == nil, "what the case is about is never carried over")
        // The same number typed, not read off her card: nothing of the earlier cases shows (R8).
        let typed = try await s.open(CaseRequest(bundleID: "newborn", applicant: applicant), at: now + 90, day: day, catalog: Self.catalog, by: "s4")
        #expect(typed.form.allSatisfy { $0.source != .earlierCase }, "a typed ID number pre-fills nothing")
        #expect(typed.form.first { $0.fieldID == "father.name" }?.value == nil)
        let events = try await s.events(ofCase: first.id)
        #expect(events.last?.detail == "child.name, father.name, mother.name", "the history names the fields, not the values")
    }
}
