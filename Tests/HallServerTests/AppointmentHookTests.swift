import Foundation
import HallServer
import HummingbirdTesting
import IDCard
import IDReaders
import NIOCore
import Testing

/// The hook the appointments work fills in: a card holder with a booking is recognised at
/// the kiosk's reader.
@Suite("Appointment holders recognised at the kiosk", .timeLimit(.minutes(5)))
struct AppointmentHookTests {
    struct Booked: AppointmentBook {
        func appointment(for holder: Identity, on day: CardDate) async -> AppointmentMatch? {
            holder.number == "15060219500312123X" ? AppointmentMatch(id: "Y0001", slot: "09:00-09:30", item: "resident-id-card-renewal") : nil
        }
    }

    @Test func bookedHolderIsRecognised() async throws {
        let (hall, _) = try await makeTestHall(simulatedReaders: true, appointments: Booked())
        let reader = try #require(hall.readers.reader("kiosk-1"))
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let kiosk = try await hall.kioskToken()
        try await app.test(.live) { client in
            let events = await reader.driver.events()
            reader.simulator?.place(try #require(HallFiles.sampleCard("elderly-resident")))
            for await event in events { if case .cardRead = event { break } }
            let ticket = try await client.execute(uri: "/api/v1/tickets", method: .post, as: kiosk,
                                                  body: #"{"queue": "general", "reader": "kiosk-1"}"#) {
                #expect($0.status == .created)
                return try json($0.body)
            }
            let appointment = ticket["appointment"] as? [String: Any] ?? [:]
            #expect(appointment["id"] as? String == "Y0001")
            #expect(appointment["slot"] as? String == "09:00-09:30")
        }
    }
}
