import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import IntakeCore

/// Staff sign-in (R8): `POST /api/v1/session` answers a bearer token for the CLI and API
/// clients and sets an `HttpOnly`, `SameSite=Strict` cookie for the pages;
/// `DELETE /api/v1/session` signs out; `GET /api/v1/session` says who is signed in.
struct SessionRoutes {
    let hall: HallInForce
    let accounts: StaffAccounts
    let secureCookie: Bool

    struct SignIn: Decodable {
        var staffID: String
        var password: String
    }

    struct Started: Encodable {
        var token: String
        var staff: StaffView
        var expiresAt: Date
    }

    func register(on routes: HallRoutes) {
        // Public: signing in is how one stops being anonymous.
        routes.anyone.post("/api/v1/session", bodyLimit: 4096) { request, context in
            let body = try await JSONCoding.body(SignIn.self, of: request, context: context)
            do {
                let (token, staff, expiresAt) = try await accounts.signIn(id: body.staffID, password: body.password)
                hall.logger.info("Staff signed in", metadata: ["staff": "\(staff.id)"])
                var response = try JSONCoding.response(Started(token: token, staff: StaffView(staff), expiresAt: expiresAt), status: .created)
                response.headers[.setCookie] = Self.cookie(token, maxAge: Int(accounts.sessions.maxAge.components.seconds), secure: secureCookie)
                response.headers[.cacheControl] = "no-store"
                return response
            } catch let error as SignInError {
                switch error {
                case .invalidCredentials:
                    hall.logger.notice("Sign-in refused", metadata: ["staff": "\(StaffAccount.isValidID(body.staffID) ? body.staffID : "-")"])
                    throw APIError(.unauthorized, code: "invalid_credentials", message: "wrong staff id or password")
                case .locked(let until):
                    let minutes = max(1, Int(until.timeIntervalSince(hall.realTime()) / 60 + 0.999))
                    throw APIError(.tooManyRequests, code: "account_locked",
                                   message: "too many wrong passwords: the account is locked for \(minutes) more minute(s), or until an admin sets a new password")
                case .storage(let m): throw APIError(.serviceUnavailable, code: "storage_unavailable", message: m)
                }
            }
        }
        let signedIn = routes.anyStaff
        signedIn.get("/api/v1/session") { request, context in
            var view = StaffView(try context.staff())
            if let token = Self.token(of: request) { view.expiresAt = try await accounts.expiry(token: token) }
            return try JSONCoding.response(view)
        }
        signedIn.delete("/api/v1/session") { request, context in
            let staff = try context.staff()
            if let token = Self.token(of: request) { try await accounts.store.endSession(token: token) }
            hall.logger.info("Staff signed out", metadata: ["staff": "\(staff.id)"])
            var response = Response(status: .noContent)
            response.headers[.setCookie] = Self.cookie("", maxAge: 0, secure: secureCookie)
            return response
        }
    }

    static func token(of request: Request) -> String? {
        request.headers.bearer?.token ?? request.cookies[StaffAccounts.cookieName]?.value
    }

    static func cookie(_ token: String, maxAge: Int, secure: Bool) -> String {
        "\(StaffAccounts.cookieName)=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}

/// A staff member as the API shows them: never the password hash.
struct StaffView: Encodable {
    var id: String
    var name: String
    var roles: [StaffRole]
    var department: String?
    var windowID: String?
    var disabled: Bool?
    var expiresAt: Date?

    init(_ s: SignedInStaff) {
        id = s.id; name = s.account.name; roles = s.account.roles.sorted(); department = s.account.department; windowID = s.windowID
    }

    init(_ a: StaffAccount) {
        id = a.id; name = a.name; roles = a.roles.sorted(); department = a.department; disabled = a.disabled
    }
}
