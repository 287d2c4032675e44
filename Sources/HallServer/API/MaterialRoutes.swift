import Cameras
import Foundation
import Hummingbird
import IntakeCore
import IntakeStore
import NIOCore

/// Captured materials of a case (R3, R4): capture a page at the window's document camera
/// into a checklist line, list pages, fetch a page's image (for the clerk), remove with a
/// reason; the archive check; the simulated cameras' controls.
struct MaterialRoutes {
    let hall: HallInForce
    let materials: MaterialStore
    let cases: CaseStore
    let cameras: HallCameras
    let accounts: StaffAccounts

    struct CaptureBody: Decodable {
        /// The checklist line the page belongs to.
        var material: String
        /// A page to replace instead of adding one.
        var replacing: String?
    }

    struct RemoveBody: Decodable {
        var reason: String
    }

    struct SimulatedPage: Decodable {
        var title: String?
        var lines: [String]?
        /// A JPEG file's bytes, base64.
        var jpeg: String?
        var plugged: Bool?
    }

    struct Captured: Encodable {
        var page: MaterialPage
        var material: CaseMaterial?
        var format: String
    }

    struct ArchiveReport: Encodable {
        var entries: Int
        var pages: Int
        var intact: Bool
        var firstBroken: Broken?
        struct Broken: Encodable { var sequence: Int64; var kind: String; var caseNumber: String; var reason: String }
    }

    func register(on routes: HallRoutes) {
        // The clerk at the case's window captures with the camera on their desk.
        routes.staff(.clerk).post("/api/v1/cases/{number}/pages", binding: .caseWindow) { request, context in
            let raw = try context.parameters.require("number")
            let caseNumber = CaseNumber.normalized(raw) ?? raw
            guard let c = try await cases.find(number: caseNumber) else { throw APIError.notFound("no case \(raw)") }
            let staff = try context.staff()
            try context.require(CaseAccess.mayChangeMaterials(c, by: staff))
            let body = try await JSONCoding.body(CaptureBody.self, of: request)
            let material = body.material
            guard c.materials.contains(where: { $0.materialID == material }) else {
                throw APIError.badRequest("case \(caseNumber) has no material \"\(material)\" on its checklist")
            }
            guard !c.state.isFinal else { throw APIError(.conflict, code: "transition_not_allowed", message: "case \(c.number) is \(c.state.chineseName): no more pages") }
            // The camera of the case's own window (the access check put the clerk there): never
            // another window's camera, which would put another citizen's papers in this case.
            guard let window = c.windowID else { throw APIError.badRequest("case \(c.number) was not opened at a window") }
            guard cameras.camera(window: window) != nil else { throw APIError.notFound("window \(window) has no document camera") }
            let still: CapturedStill
            do { still = try await cameras.capture(window: window) } catch {
                hall.logger.warning("Capture failed", metadata: ["window": "\(window)", "case": "\(caseNumber)", "error": "\(error)"])
                throw APIError(.serviceUnavailable, code: "camera_failed", message: "\(error)")
            }
            let (page, updated) = try await materials.attach(
                CapturedPage(jpeg: still.jpeg, width: still.width, height: still.height, device: still.device),
                case: caseNumber, material: material, by: staff.id, at: hall.clock(), replacing: body.replacing)
            hall.logger.info("Page captured", metadata: ["case": "\(caseNumber)", "material": "\(material)", "page": "\(page.pageNumber)",
                                                         "bytes": "\(page.size)"])
            return try JSONCoding.response(Captured(page: page, material: updated.materials.first { $0.materialID == material }, format: still.format),
                                           status: .created)
        }
        // The list of pages (no images) for whoever sees the case.
        routes.staff(.clerk, .department, .proxy, .supervisor).get("/api/v1/cases/{number}/pages", binding: .caseSeen) { request, context in
            let raw = try context.parameters.require("number")
            guard let c = try await cases.find(number: CaseNumber.normalized(raw) ?? raw) else { throw APIError.notFound("no case \(raw)") }
            guard CaseAccess.maySee(c, by: try context.staff()) else { throw APIError(.forbidden, code: "forbidden", message: "case \(c.number) is not one of your department's") }
            let all = request.uri.queryParameters.get("all") == "true"
            return try JSONCoding.response(["pages": try await materials.pages(caseID: c.id, includingRemoved: all)])
        }
        // The image itself shows ID cards and certificates: for those who may read the case in
        // full, and every view is audited.
        routes.staff(.clerk, .department, .proxy, .supervisor).get("/api/v1/pages/{id}/image", binding: .caseInFull) { _, context in
            let id = try context.parameters.require("id")
            guard let page = try await materials.page(id: id) else { throw APIError.notFound("no page \(id)") }
            guard let c = try await cases.find(number: page.caseNumber) else { throw APIError.notFound("no case \(page.caseNumber)") }
            let staff = try context.staff()
            try context.require(CaseAccess.mayReadInFull(c, by: staff))
            try await accounts.audit(staff, caseNumber: c.number, what: "page-image", detail: "page \(page.pageNumber) (\(page.materialID))")
            guard let bytes = try? materials.blobs.read(page.sha256) else {
                throw APIError(.internalServerError, code: "page_missing", message: "the stored file of page \(id) is missing: run onevisit archive verify")
            }
            return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        routes.staff(.clerk).post("/api/v1/pages/{id}/remove", binding: .caseWindow) { request, context in
            let id = try context.parameters.require("id")
            guard let stored = try await materials.page(id: id) else { throw APIError.notFound("no page \(id)") }
            guard let owner = try await cases.find(number: stored.caseNumber) else { throw APIError.notFound("no case \(stored.caseNumber)") }
            let staff = try context.staff()
            try context.require(CaseAccess.mayChangeMaterials(owner, by: staff))
            let body = try await JSONCoding.body(RemoveBody.self, of: request)
            let (page, c) = try await materials.remove(page: id, reason: body.reason, by: staff.id, at: hall.clock())
            return try JSONCoding.response(Captured(page: page, material: c.materials.first { $0.materialID == page.materialID }, format: ""))
        }
        routes.staff(.supervisor, .technician).get("/api/v1/archive/verify") { _, _ in
            let result = try await Archive.verify(hall.writer, blobs: materials.blobs)
            return try JSONCoding.response(ArchiveReport(
                entries: result.entries, pages: result.pages, intact: result.firstBroken == nil,
                firstBroken: result.firstBroken.map { .init(sequence: $0.sequence, kind: $0.kind, caseNumber: $0.subject, reason: $0.reason) }))
        }
        // The simulated cameras' controls exist only with --simulate; a page may be a large JPEG.
        guard routes.simulator else { return }
        routes.staff(.technician).post("/api/v1/simulator/cameras/{window}", bodyLimit: 16 * 1024 * 1024) { request, context in
            let window = try context.parameters.require("window")
            let body = try await JSONCoding.body(SimulatedPage.self, of: request, context: context)
            guard let camera = cameras.camera(window: window) else { throw APIError.notFound("no camera at window \"\(window)\"") }
            guard let simulator = camera.simulator else {
                throw APIError.notFound("the camera at window \(window) is a real camera; start the daemon with --simulate to simulate it")
            }
            if let plugged = body.plugged { simulator.setUnplugged(!plugged) }
            if let encoded = body.jpeg {
                guard let data = Data(base64Encoded: encoded) else { throw APIError.badRequest("jpeg must be base64") }
                simulator.lay(.file([UInt8](data)))
            } else if body.title != nil || body.lines != nil {
                simulator.lay(.generated(title: body.title ?? "", lines: body.lines ?? []))
            }
            return try JSONCoding.response(["camera": camera.entry.id, "window": window])
        }
    }
}
