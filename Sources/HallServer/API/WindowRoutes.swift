import Hummingbird
import IntakeCore

/// `POST /api/v1/windows/{id}/…`: what a clerk does at a window.
struct WindowRoutes {
    let hall: HallInForce
    let windows: WindowService

    struct TransferRequest: Decodable {
        var queue: String?
        var window: String?
    }

    func register(on routes: HallRoutes) {
        // Public: which windows are open, who serves there (R6: the clerk's name is shown at
        // the window) and the numbers called, as the board shows them.
        routes.anyone.get("/api/v1/windows") { _, _ in
            try JSONCoding.response(["windows": try await hall.store.windowStatus().map { status in
                WindowView(window: status.window, staff: status.staff,
                           current: status.current.map { TicketView($0, hall: hall) },
                           held: status.held.map { TicketView($0, hall: hall) })
            }])
        }
        // The queue actions: the clerk signed in at that window, by the session.
        let clerk = routes.staff(.clerk)
        clerk.post("/api/v1/windows/{id}/call-next", binding: .window) { _, context in
            let window = try context.parameters.require("id")
            return try JSONCoding.response(TicketView(try await windows.callNext(window: window), hall: hall, withNotice: true))
        }
        let simple: [(String, TicketAction)] = [
            ("recall", .recall), ("no-show", .noShow), ("start", .start), ("finish", .finish),
            ("hold", .hold), ("return", .returnToQueue), ("cancel", .cancel),
        ]
        for (path, action) in simple {
            clerk.post("/api/v1/windows/{id}/\(path)", binding: .window) { _, context in
                let window = try context.parameters.require("id")
                return try JSONCoding.response(TicketView(try await windows.act(window: window, action), hall: hall))
            }
        }
        clerk.post("/api/v1/windows/{id}/transfer", binding: .window) { request, context in
            let window = try context.parameters.require("id")
            let body = try await JSONCoding.body(TransferRequest.self, of: request)
            let target: TransferTarget
            switch (body.queue, body.window) {
            case (let q?, nil): target = .queue(q)
            case (nil, let w?): target = .window(w)
            default: throw APIError.badRequest("give exactly one of \"queue\" or \"window\" to transfer to")
            }
            return try JSONCoding.response(TicketView(try await windows.act(window: window, .transfer(target)), hall: hall))
        }
        // The signed-in clerk takes the window: one clerk per window.
        clerk.post("/api/v1/windows/{id}/sign-in") { _, context in
            let window = try context.parameters.require("id")
            let staff = try context.staff()
            try await hall.store.signIn(window: window, staff: StaffMember(id: staff.id, name: staff.account.name), at: hall.clock())
            hall.logger.info("Clerk signed in at window", metadata: ["window": "\(window)", "staff": "\(staff.id)"])
            return Response(status: .noContent)
        }
        // The clerk leaves the window, or a supervisor ends another clerk's sign-in there.
        routes.staff(.clerk, .supervisor).post("/api/v1/windows/{id}/sign-out", binding: .windowOccupant) { _, context in
            let window = try context.parameters.require("id")
            let staff = try context.staff()
            let present = try await hall.store.staff(atWindow: window)
            try context.require(WindowAccess.maySignOut(window: window, present: present?.id, by: staff))
            try await hall.store.signOut(window: window)
            hall.logger.info("Window signed out", metadata: ["window": "\(window)", "by": "\(staff.id)", "staff": "\(present?.id ?? "-")"])
            return Response(status: .noContent)
        }
    }
}

struct WindowView: Encodable {
    var window: ServiceWindow
    var staff: StaffMember?
    var current: TicketView?
    var held: [TicketView]
}
