import Foundation
import Hummingbird
import IntakeCore

/// Staff accounts for the admin (R8): list, add, disable, enable. The CLI does the same
/// offline on the data directory (`onevisit staff …`).
struct StaffRoutes {
    let hall: HallInForce
    let accounts: StaffAccounts

    struct NewAccount: Decodable {
        var id: String
        var name: String
        var roles: [String]
        var department: String?
        var password: String
    }

    func register(on routes: HallRoutes) {
        let admin = routes.staff(.admin)
        admin.get("/api/v1/staff") { _, _ in
            try JSONCoding.response(["staff": try await accounts.store.accounts().map(StaffView.init)])
        }
        admin.post("/api/v1/staff", bodyLimit: 4096) { request, context in
            let admin = try context.staff()
            let body = try await JSONCoding.body(NewAccount.self, of: request, context: context)
            var roles = Set<StaffRole>()
            for r in body.roles {
                guard let role = StaffRole(rawValue: r) else {
                    throw APIError.badRequest("unknown role \"\(r)\"; one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                roles.insert(role)
            }
            guard body.password.count >= 8 else { throw APIError.badRequest("password must have at least 8 characters") }
            let account = StaffAccount(id: body.id, name: body.name, roles: roles, department: body.department)
            try await accounts.store.add(account, passwordHash: await StaffAccounts.hash(password: body.password), at: hall.clock())
            hall.logger.notice("Staff account added", metadata: ["staff": "\(account.id)", "by": "\(admin.id)"])
            return try JSONCoding.response(StaffView(account), status: .created)
        }
        for (path, disabled) in [("disable", true), ("enable", false)] {
            admin.post("/api/v1/staff/{id}/\(path)") { _, context in
                let id = try context.parameters.require("id")
                let admin = try context.staff()
                try await accounts.store.setDisabled(id, disabled)
                hall.logger.notice("Staff account \(path)d", metadata: ["staff": "\(id)", "by": "\(admin.id)"])
                return Response(status: .noContent)
            }
        }
    }
}
