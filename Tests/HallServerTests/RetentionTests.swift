import Foundation
import GRDB
import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import Testing

/// Retention (issue 17): on a clock the test moves, a booking, a real-name ticket, a case with
/// its applicant, a camera page and a complaint with its complainant are stored; the daily run
/// erases nothing while they are within their periods, and after them erases every personal
/// field — the name, ID number and phones are no longer anywhere in the database file or its
/// WAL (the test greps the bytes), the page file is gone — while the records and their
/// figures stay, the archive records the erasure by counts and still verifies, and a second
/// run erases nothing more.
@Suite("Retention of personal data", .timeLimit(.minutes(3)))
struct RetentionTests {
    static let name = "欧阳娜娜", phone = "13987654321", bookingPhone = "13812345678"

    @Test func personalFieldsPastTheirPeriodsAreGoneFromTheFiles() async throws {
        let clock = ManualClock(ISO8601DateFormatter().date(from: "2026-12-03T10:00:00+08:00")!)
        var access = HallAccessSettings()
        access.bookingsPerMinute = 0
        let (hall, dir) = try await makeTestHall(clock: clock.read, access: access)
        let id = AppointmentAPITests.idNumber(77)
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil,
                                     body: AppointmentAPITests.bookBody(id: id, name: Self.name)) { #expect($0.status == .created) }
        }
        let ticket = try await hall.tickets.issue(.queue("general"), priority: nil,
                                                  holder: TicketHolder(maskedName: "欧***", maskedNumber: "1101**********\(id.suffix(4))", cardType: "residentCard", age: 46))
        let c = try await hall.intake.open(CaseRequest(itemID: "vaccination-certificate-issuance", windowID: "3", openedBy: "clerk3",
                                                       applicant: Applicant(name: Self.name, idNumber: id, phone: Self.phone)), by: "clerk3")
        let jpeg = Array("JPEG of the card of \(id)".utf8)
        let (page, _) = try await hall.materials.attach(CapturedPage(jpeg: jpeg, width: 10, height: 10, device: "camera-3"), case: c.number,
                                                         material: "resident-id-card", by: "clerk3", at: clock.read())
        _ = try await hall.intake.act(onCase: c.number, .refuse(reasons: ["不符合受理条件"], legalBasis: "《行政许可法》第三十二条"), by: "clerk3")
        let staff = SignedInStaff(account: StaffAccount(id: "supervisor1", name: "督查", roles: [.supervisor]))
        let complaint = try await hall.complaints.file(
            ComplaintFiling(channel: .kiosk, type: .attitude, windowID: "3", content: "态度生硬", demand: "改进",
                            complainant: Complainant(name: Self.name, phone: Self.phone)), byStaff: false, by: "online")
        for action in [ComplaintAction.investigate, .answer(ComplaintAnswer(result: "属实", measures: "培训", upheld: true)), .close] {
            _ = try await hall.complaints.act(number: complaint.number, action, by: staff)
        }
        // A print of the ticket and a press that came to nothing: logs kept for their own periods.
        try await PrintLog(writer: hall.writer).insert(PrintRecord(id: "print-retention", printerID: "kiosk-1", documentKind: "ticket",
                                                                   documentID: ticket.id, title: "排队号", reprint: false, state: .printed,
                                                                   submittedAt: clock.read()))
        try await hall.writer.write { db in
            try KeypadPress(windowID: "4", level: .verySatisfied, at: clock.read(), outcome: IgnoredPress.notArmed.rawValue, reviewID: nil).insert(db)
        }
        func logRows() async throws -> [Int] {
            try await hall.writer.read { db in
                [try Int.fetchOne(db, sql: "SELECT count(*) FROM keypadPress") ?? -1, try Int.fetchOne(db, sql: "SELECT count(*) FROM printRecord") ?? -1]
            }
        }
        // A second real-name ticket, and one row a statement: the run erases in two batches.
        _ = try await hall.tickets.issue(.queue("general"), priority: nil,
                                         holder: TicketHolder(maskedName: "欧***", maskedNumber: "1101**********\(id.suffix(4))", cardType: "residentCard", age: 46))
        let store = RetentionStore(writer: hall.writer, blobs: hall.materials.blobs, batchRows: 1)
        let service = RetentionService(hall: hall.current, store: store, policy: RetentionPolicy())

        func personal() throws -> [String] {
            var bytes = Data()
            for file in ["onevisit.sqlite", "onevisit.sqlite-wal"] { bytes += FileManager.default.contents(atPath: dir + "/" + file) ?? Data() }
            return [Self.name, id, Self.phone, Self.bookingPhone, "欧***"].filter { bytes.range(of: Data($0.utf8)) != nil }
        }
        // Within their periods nothing goes.
        let first = await service.runOnce(vacuum: false)
        #expect(first == RetentionErasure(), "\(String(describing: first))")
        _ = try hall.writer.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let before = try personal()
        #expect(before.count == 5, "the values are stored to begin with: \(before)")
        #expect(try await logRows() == [1, 1])

        // Eleven years on, every period has passed.
        clock.advance(days: 11 * 366)
        // The run at a start, while the hall may be open: no VACUUM, and still no byte left.
        let erased = try #require(await service.runOnce(vacuum: false))
        #expect(erased.ticketHolders == 2 && erased.bookingHolders == 1 && erased.caseApplicants == 1 && erased.pageImages == 1)
        #expect(erased.complainants == 1)
        #expect(erased.pressLog == 1 && erased.printLog == 1, "\(erased)")
        #expect(try await logRows() == [0, 0], "the press and print logs past their periods are deleted")
        let left = try personal()
        #expect(left.isEmpty, "still in the database files: \(left)")
        #expect(!FileManager.default.fileExists(atPath: hall.materials.blobs.path(page.sha256)))

        // The records stay, with what is not personal.
        #expect(try await hall.current.store.ticket(id: ticket.id)?.holder == nil)
        let kept = try #require(try await hall.cases.find(number: c.number))
        #expect(kept.applicant == nil && kept.state == .refused && kept.refusal?.reasons == ["不符合受理条件"])
        let after = try #require(try await hall.complaints.store.find(number: complaint.number))
        #expect(after.complainant.name == nil && after.complainant.phone == nil && after.answer?.upheld == true)

        // The archive says so, by counts, and still holds together with the page's file gone.
        let verified = try await Archive.verify(hall.writer, blobs: hall.materials.blobs, anchor: ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite"))
        #expect(verified.firstBroken == nil, "\(String(describing: verified.firstBroken))")
        let erasures = try await hall.writer.read { db in
            try String.fetchAll(db, sql: "SELECT payload FROM archiveEntry WHERE kind = 'retention.erased' ORDER BY sequence")
        }
        #expect(erasures.count == 2, "one archive entry a batch")
        #expect(erasures.first?.contains("\"caseApplicants\":\"1 closed before") == true && erasures.last?.contains("\"ticketHolders\":\"1 before") == true,
                "\(erasures)")
        #expect(!erasures.joined().contains(Self.name) && !erasures.joined().contains(id))

        #expect(await service.runOnce(vacuum: true) == RetentionErasure(), "a second run finds nothing more")

        // The nightly run rebuilds the file too.
        _ = try await hall.tickets.issue(.queue("general"), priority: nil,
                                         holder: TicketHolder(maskedName: "司马**", maskedNumber: "4403**********1234", cardType: "residentCard", age: 30))
        clock.advance(days: 31)
        #expect(await service.runOnce(vacuum: true)?.ticketHolders == 1)
        let bytes = FileManager.default.contents(atPath: dir + "/onevisit.sqlite")! + (FileManager.default.contents(atPath: dir + "/onevisit.sqlite-wal") ?? Data())
        #expect(bytes.range(of: Data("司马**".utf8)) == nil)
    }
}
