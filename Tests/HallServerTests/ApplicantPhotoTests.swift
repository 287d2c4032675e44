import Foundation
import HallServer
import HummingbirdTesting
import IDCard
import IDReaders
import NIOCore
import TestSupport
import Testing

/// The card holder's photo on the clerk's screen: `GET /api/v1/windows/{id}/applicant/photo.png`
/// through the vendor's WLT library named in the devices file (`wltLibrary`), here the
/// stand-in of ``buildWLTStandIn()``. Only the clerk at that window sees it, and each view
/// is audited.
@Suite("The applicant's photo at a window", .timeLimit(.minutes(5)))
struct ApplicantPhotoTests {
    /// The demo hall's readers, with the decoder library when given.
    static func hall(wltLibrary: String?) async throws -> Hall {
        var file = try JSONSerialization.jsonObject(with: Data(try simulatedDevicesFile(
            printers: false, readers: true, keypads: false, cameras: false).utf8)) as? [String: Any] ?? [:]
        if let wltLibrary { file["wltLibrary"] = wltLibrary }
        let devices = String(decoding: try JSONSerialization.data(withJSONObject: file), as: UTF8.self)
        return try await makeTestHall(devices: devices, simulatedReaders: true).0
    }

    /// Places a card on window 3's reader and waits until the driver has read it.
    static func placeCard(_ hall: Hall, photo: [UInt8]) async throws {
        let reader = try #require(hall.readers.reader("window-3"))
        var card = try #require(HallFiles.sampleCard("elderly-resident"))
        card.photoWLT = photo
        let events = await reader.driver.events()
        reader.simulator?.place(card)
        for await event in events { if case .cardRead = event { break } }
    }

    /// The width and height in a PNG's IHDR chunk.
    static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count > 24, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
              String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR" else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    @Test func clerkAtTheWindowSeesThePhotoAndEachViewIsAudited() async throws {
        let hall = try await Self.hall(wltLibrary: try await buildWLTStandIn())
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let clerk3 = try await hall.session("clerk3", window: "3"), clerk4 = try await hall.session("clerk4", window: "4")
        let supervisor = try await hall.session("supervisor1")
        try await app.test(.live) { client in
            try await Self.placeCard(hall, photo: (0..<1024).map { UInt8($0 % 200) })
            let applicant = try await client.execute(uri: "/api/v1/windows/3/applicant", method: .get, as: clerk3) {
                #expect($0.status == .ok)
                return try json($0.body)
            }
            #expect(applicant["photo"] as? String == "/api/v1/windows/3/applicant/photo.png")

            try await client.execute(uri: "/api/v1/windows/3/applicant/photo.png", method: .get, as: clerk3) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(response.headers[.cacheControl] == "no-store", "a citizen's photo is never cached")
                let size = Self.pngSize(Array(response.body.readableBytesView))
                #expect(size.map { [$0.0, $0.1] } == [102, 126], "the card photo's own size")
            }
            try await client.execute(uri: "/api/v1/windows/3/applicant/photo.png", method: .get, as: clerk4) {
                #expect($0.status == .forbidden, "another window's clerk")
            }
            try await client.execute(uri: "/api/v1/windows/3/applicant/photo.png", method: .get, as: nil) {
                #expect($0.status == .unauthorized)
            }
            let audit = try await client.execute(uri: "/api/v1/audit", method: .get, as: supervisor) {
                try json($0.body)["entries"] as? [[String: Any]] ?? []
            }
            #expect(audit.filter { $0["what"] as? String == "window-photo" }.map { $0["staffID"] as? String } == ["clerk3"])

            // A photo the library refuses: a clear 422, no crash.
            try await Self.placeCard(hall, photo: [0x7F] + [UInt8](repeating: 1, count: 1023))
            try await client.execute(uri: "/api/v1/windows/3/applicant/photo.png", method: .get, as: clerk3) { response in
                #expect(response.status == .unprocessableContent)
                let error = try json(response.body)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "photo_undecodable")
            }
        }
    }

    @Test func withoutADecoderTheAnswerSaysWhatIsMissing() async throws {
        let hall = try await Self.hall(wltLibrary: nil)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let clerk3 = try await hall.session("clerk3", window: "3")
        try await app.test(.live) { client in
            try await Self.placeCard(hall, photo: [UInt8](repeating: 9, count: 1024))
            let applicant = try await client.execute(uri: "/api/v1/windows/3/applicant", method: .get, as: clerk3) { try json($0.body) }
            #expect(applicant["photo"] as? String == "WLT, 1024 bytes (needs the vendor's decoder library)")
            try await client.execute(uri: "/api/v1/windows/3/applicant/photo.png", method: .get, as: clerk3) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("wltLibrary"))
            }
        }
    }
}
