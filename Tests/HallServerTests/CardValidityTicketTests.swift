import Foundation
import HallServer
import HummingbirdTesting
import IDCard
import IDReaders
import NIOCore
import Testing

/// The card-validity rule at the kiosk and the window: an expired card still gets its
/// real-name ticket, and the answer says the card has run out; the clerk's view of the card
/// on the window's reader flags it too.
@Suite("Card validity on tickets and at the window", .serialized, .timeLimit(.minutes(5)))
struct CardValidityTicketTests {
    /// Lays a sample card on a reader and waits until the driver has read it.
    static func place(_ sample: String, on readerID: String, in hall: Hall) async throws {
        let reader = try #require(hall.readers.reader(readerID))
        let events = await reader.driver.events()
        reader.simulator?.place(try #require(HallFiles.sampleCard(sample)))
        for await event in events { if case .cardRead = event { break } }
    }

    @Test func expiredCardStillGetsItsTicketWithTheNotice() async throws {
        let (hall, _) = try await makeTestHall(simulatedReaders: true)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let kiosk = try await hall.kioskToken()
        try await app.test(.live) { client in
            try await Self.place("expired-resident", on: "kiosk-1", in: hall)
            let ticket = try await client.execute(uri: "/api/v1/tickets", method: .post, as: kiosk,
                                                  body: #"{"bundle": "newborn", "reader": "kiosk-1"}"#) {
                #expect($0.status == .created, "an expired card is no reason to refuse the ticket")
                return try json($0.body)
            }
            #expect(ticket["number"] as? String == "B001")
            #expect((ticket["holder"] as? [String: Any])?["maskedName"] as? String == "王**")
            let validity = ticket["cardValidity"] as? [String: Any] ?? [:]
            #expect(validity["state"] as? String == "expired")
            #expect(validity["validUntil"] as? String == "2024-04-01")
            #expect((validity["daysLeft"] as? Int ?? 0) < 0)
            #expect(validity["longTerm"] as? Bool == false)
            #expect(ticket["notice"] != nil, "the one-time notice comes with it as with any ticket")

            // A long-term card: valid, no date.
            try await Self.place("elderly-resident", on: "kiosk-1", in: hall)
            let longTerm = try await client.execute(uri: "/api/v1/tickets", method: .post, as: kiosk,
                                                    body: #"{"queue": "general", "reader": "kiosk-1"}"#) { try json($0.body) }
            #expect(longTerm["cardValidity"] as? [String: Any] as NSDictionary? == ["state": "valid", "longTerm": true] as NSDictionary)

            // Without a card there is no card to judge.
            let anonymous = try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil,
                                                     body: #"{"queue": "general"}"#) { try json($0.body) }
            #expect(anonymous["cardValidity"] == nil && anonymous["holder"] == nil)
        }
    }

    @Test func theWindowsApplicantViewFlagsTheExpiredCard() async throws {
        let (hall, _) = try await makeTestHall(simulatedReaders: true)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let clerk = try await hall.session("clerk3", window: "3")
        try await app.test(.live) { client in
            try await Self.place("expired-resident", on: "window-3", in: hall)
            let applicant = try await client.execute(uri: "/api/v1/windows/3/applicant", method: .get, as: clerk) {
                #expect($0.status == .ok)
                return try json($0.body)
            }
            let validity = applicant["cardValidity"] as? [String: Any] ?? [:]
            #expect(validity["state"] as? String == "expired" && validity["validUntil"] as? String == "2024-04-01")
            #expect((applicant["identity"] as? [String: Any])?["validTo"] as? String == "2024-04-01")

            try await Self.place("resident", on: "window-3", in: hall)  // valid to 2038-04-01
            let valid = try await client.execute(uri: "/api/v1/windows/3/applicant", method: .get, as: clerk) { try json($0.body) }
            #expect((valid["cardValidity"] as? [String: Any])?["state"] as? String == "valid")
        }
    }
}
