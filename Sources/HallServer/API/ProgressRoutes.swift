import Foundation
import Hummingbird
import IntakeCore
import NIOCore

/// Progress of a case for the citizen (办件进度): by the case number printed on every
/// document (the QR code leads to `/c/{number}`), or at the kiosk by laying the ID card on
/// its reader. No name or number is shown: whoever holds the paper may look.
struct ProgressRoutes {
    let hall: HallInForce
    let intake: CaseService
    let readers: HallReaders

    struct Progress: Encodable {
        var number: String
        var title: String
        var state: String
        var stateName: String
        var acceptedOn: CivilDay?
        var promisedDue: CivilDay?
        var card: String
        var clockStopped: Bool
        var items: [Item]
        var pickup: String?

        struct Item: Encodable { var name: String; var department: String; var steps: [String]; var result: String? }
    }

    struct ByCard: Decodable { var reader: String }

    func register(on routes: HallRoutes) {
        // Public: progress by number shows no personal data.
        let router = routes.anyone
        router.get("/api/v1/progress/{number}") { _, context in
            let raw = try context.parameters.require("number")
            guard let number = CaseNumber.normalized(raw) else {
                throw APIError.badRequest("\(raw) is not a case number: C, 8 digits of the date, 4 of the sequence and a check digit")
            }
            guard let c = try await intake.cases.find(number: number) else { throw APIError.notFound("no case \(number)") }
            return try JSONCoding.response(progress(c))
        }
        // By card: whoever owns the reader (the kiosk it stands in, or the window's clerk).
        routes.audience(.kioskOrStaff([.clerk])).post("/api/v1/progress/by-card", binding: .ownReader) { request, context in
            let body = try await JSONCoding.body(ByCard.self, of: request)
            guard let reader = readers.reader(body.reader) else { throw APIError.notFound("no ID reader \"\(body.reader)\"") }
            try context.require(ReaderAccess.mayTakeCard(from: reader.owner, readerID: reader.entry.id, by: context.caller))
            // Used up like a ticket's card, so the next person does not see these cases.
            guard let card = await reader.driver.takeCard() else {
                throw APIError(.conflict, code: "no_card", message: "no ID card read at \(body.reader): lay the card on the reader")
            }
            let cases = try await intake.cases.cases(applicantNumber: card.number)
            return try JSONCoding.response(["cases": cases.prefix(10).map(progress)])
        }
        router.get("/c/{number}") { _, _ in
            guard let data = FileManager.default.contents(atPath: HallFiles.webRoot + "/progress.html") else { throw APIError.notFound("page missing") }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    private func progress(_ c: ServiceCase) -> Progress {
        let d = intake.deadline(of: c)
        return Progress(
            number: c.number, title: c.title, state: c.state.rawValue, stateName: c.state.chineseName, acceptedOn: c.acceptedOn,
            promisedDue: d.promisedDue, card: d.card.rawValue, clockStopped: c.state == .suspended,
            items: c.subCases.map { .init(name: $0.itemName, department: $0.department, steps: $0.steps.map(\.name),
                                          result: $0.result?.outcome.chineseName) },
            pickup: c.state == .awaitingPickup ? "请到统一出件窗口取号领取" : c.handOver.map { $0.mode == .pickup ? "已领取" : "已邮寄" })
    }
}
