import Hummingbird
import IntakeCore

/// `POST /api/v1/windows/{id}/…`: what a clerk does at a window.
struct WindowRoutes {
    let hall: Hall

    struct TransferRequest: Decodable {
        var queue: String?
        var window: String?
    }

    struct SignInRequest: Decodable {
        var staffID: String
        var staffName: String
    }

    func register(on router: some RouterMethods<BasicRequestContext>) {
        router.get("/api/v1/windows") { _, _ in
            try JSONCoding.response(["windows": try await hall.store.windowStatus().map { status in
                WindowView(window: status.window, staff: status.staff,
                           current: status.current.map { TicketView($0, hall: hall) },
                           held: status.held.map { TicketView($0, hall: hall) })
            }])
        }
        router.post("/api/v1/windows/{id}/call-next") { _, context in
            let window = try context.parameters.require("id")
            return try JSONCoding.response(TicketView(try await hall.callNext(window: window), hall: hall, withNotice: true))
        }
        let simple: [(String, TicketAction)] = [
            ("recall", .recall), ("no-show", .noShow), ("start", .start), ("finish", .finish),
            ("hold", .hold), ("return", .returnToQueue), ("cancel", .cancel),
        ]
        for (path, action) in simple {
            router.post("/api/v1/windows/{id}/\(path)") { _, context in
                let window = try context.parameters.require("id")
                return try JSONCoding.response(TicketView(try await hall.act(window: window, action), hall: hall))
            }
        }
        router.post("/api/v1/windows/{id}/transfer") { request, context in
            let window = try context.parameters.require("id")
            let body = try await JSONCoding.body(TransferRequest.self, of: request)
            let target: TransferTarget
            switch (body.queue, body.window) {
            case (let q?, nil): target = .queue(q)
            case (nil, let w?): target = .window(w)
            default: throw APIError.badRequest("give exactly one of \"queue\" or \"window\" to transfer to")
            }
            return try JSONCoding.response(TicketView(try await hall.act(window: window, .transfer(target)), hall: hall))
        }
        router.post("/api/v1/windows/{id}/sign-in") { request, context in
            let window = try context.parameters.require("id")
            let body = try await JSONCoding.body(SignInRequest.self, of: request)
            guard !body.staffID.isEmpty, !body.staffName.isEmpty else {
                throw APIError.badRequest("staffID and staffName must not be empty")
            }
            try await hall.store.signIn(window: window, staff: StaffMember(id: body.staffID, name: body.staffName), at: hall.clock())
            return Response(status: .noContent)
        }
        router.post("/api/v1/windows/{id}/sign-out") { _, context in
            try await hall.store.signOut(window: try context.parameters.require("id"))
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
