import Hummingbird
import HummingbirdAuth
import IntakeCore

/// Finds the caller of a request: `Authorization: Bearer TOKEN` (the CLI, API clients and
/// kiosks with their device token) or the pages' session cookie. A missing, unknown or
/// expired credential leaves the caller anonymous; the route's audience then answers 401.
struct CallerAuthenticator: AuthenticatorMiddleware {
    typealias Context = HallRequestContext
    let accounts: StaffAccounts

    func authenticate(request: Request, context: HallRequestContext) async throws -> Caller? {
        guard let token = request.headers.bearer?.token ?? request.cookies[StaffAccounts.cookieName]?.value else { return nil }
        return try await accounts.caller(token: token)
    }
}

/// Refuses a route's callers outside its audience: 401 when nobody (live) is signed in,
/// 403 when the role does not allow it. The message says what is needed.
struct AudienceMiddleware: RouterMiddleware {
    typealias Context = HallRequestContext
    let audience: Audience

    func handle(_ request: Request, context: HallRequestContext, next: (Request, HallRequestContext) async throws -> Response) async throws -> Response {
        try context.require(audience.admits(context.caller))
        return try await next(request, context)
    }
}
