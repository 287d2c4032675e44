import Hummingbird
import IDCard
import IDReaders
import IntakeCore
import NIOCore
import PaperRendering

/// `GET /api/v1/windows/{id}/applicant`: the card on the window's ID reader, in full, for
/// the clerk's form (R4 shared data first: the citizen never types the number). The only
/// place the full number leaves the daemon; logs and tickets carry it masked.
/// `GET /api/v1/windows/{id}/card` is the same card masked, for the console's screen: the
/// clerk sees who is at the window and whether the card is valid without a full read, so
/// the audit of full reads stays a record of reveals (R8).
struct ApplicantRoutes {
    let hall: HallInForce
    let readers: HallReaders
    let accounts: StaffAccounts

    struct Applicant: Encodable {
        var reader: String
        var identity: Identity
        var cardTypeName: String
        var maskedNumber: String
        var age: Int
        /// Expired or close to its end: flagged on the clerk's console (CardValidity).
        var cardValidity: CardValidity
        /// The photo stays WLT (vendor format) unless a decoder library is configured.
        var photo: String
    }

    /// What of the card may stay on the clerk's screen: an allow-list of masked fields.
    struct MaskedCard: Encodable {
        var reader: String
        var cardTypeName: String
        var maskedName: String
        var maskedNumber: String
        var age: Int
        var cardValidity: CardValidity
    }

    func register(on routes: HallRoutes) {
        let clerk = routes.staff(.clerk)
        // The card on the window's reader, masked: the clerk signed in at that window.
        clerk.get("/api/v1/windows/{id}/card", binding: .window) { _, context in
            let (reader, card) = try await windowCard(context)
            return try JSONCoding.response(MaskedCard(
                reader: reader.entry.id, cardTypeName: card.cardType.chineseName, maskedName: card.maskedName,
                maskedNumber: card.maskedNumber, age: card.age(on: hall.today), cardValidity: card.validity(on: hall.civilToday)))
        }
        // The card on the window's reader in full: the clerk signed in at that window, audited.
        clerk.get("/api/v1/windows/{id}/applicant", binding: .window) { _, context in
            let window = try context.parameters.require("id")
            var (reader, card) = try await windowCard(context)
            let photoSize = card.photoWLT.count
            card.photoWLT = []
            card.fingerprint = nil  // the template never leaves the reader layer
            let photo = readers.photoDecoder == nil
                ? "WLT, \(photoSize) bytes (needs the vendor's decoder library)"
                : "/api/v1/windows/\(window)/applicant/photo.png"
            try await accounts.audit(try context.staff(), caseNumber: nil, what: "window-applicant", detail: "window \(window), reader \(reader.entry.id)")
            hall.logger.info("Applicant read at window", metadata: ["window": "\(window)", "number": "\(card.maskedNumber)"])
            return try JSONCoding.response(Applicant(
                reader: reader.entry.id, identity: card, cardTypeName: card.cardType.chineseName, maskedNumber: card.maskedNumber,
                age: card.age(on: hall.today), cardValidity: card.validity(on: hall.civilToday), photo: photo))
        }
        // The photo for the clerk's screen, through the vendor's decoder, audited.
        clerk.get("/api/v1/windows/{id}/applicant/photo.png", binding: .window) { _, context in
            let window = try context.parameters.require("id")
            guard let reader = readers.windowReader(window) else { throw APIError.notFound("window \(window) has no ID reader") }
            guard let decoder = readers.photoDecoder else {
                throw APIError.notFound("no WLT decoder library is configured (devices file: wltLibrary)")
            }
            guard let card = await reader.driver.card else {
                throw APIError(.conflict, code: "no_card", message: "no ID card read at window \(window) in the last minute")
            }
            try await accounts.audit(try context.staff(), caseNumber: nil, what: "window-photo", detail: "window \(window)")
            do {
                let bgr = try decoder.decode(card.photoWLT)
                let png = try ColorImage(width: WLTDecoder.width, height: WLTDecoder.height, bgr: bgr).pngData()
                return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: png)))
            } catch {
                throw APIError(.unprocessableContent, code: "photo_undecodable", message: "\(error)")
            }
        }
    }

    /// The card read at the path's window in the last minute.
    private func windowCard(_ context: HallRequestContext) async throws -> (HallReaders.Reader, Identity) {
        let window = try context.parameters.require("id")
        guard hall.layout.window(window) != nil else { throw APIError.notFound("no window \"\(window)\" in this hall") }
        guard let reader = readers.windowReader(window) else { throw APIError.notFound("window \(window) has no ID reader") }
        guard let card = await reader.driver.card else {
            throw APIError(.conflict, code: "no_card", message: "no ID card read at window \(window) in the last minute")
        }
        return (reader, card)
    }
}
