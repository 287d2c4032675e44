import Hummingbird
import HummingbirdAuth
import IntakeCore
import NIOCore

/// The request context of every hall route: the caller (signed-in staff member with their
/// window, an enrolled kiosk, or nobody), the client's address, and the body limit the
/// route declared.
public struct HallRequestContext: AuthRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``CallerAuthenticator`` from a bearer token or the session cookie.
    public var identity: Caller?
    public let remoteAddress: SocketAddress?
    /// The largest body the route takes; set where the route is declared.
    public var bodyLimit = 64 * 1024

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var caller: Caller { identity ?? .anonymous }
    public var maxUploadSize: Int { bodyLimit }

    /// The signed-in staff member; routes of a staff audience always have one.
    public func staff() throws -> SignedInStaff {
        guard let staff = caller.staff else { throw APIError(.unauthorized, code: "unauthenticated", message: "sign in first (POST /api/v1/session)") }
        return staff
    }

    /// Refuses with 403 (or 401) unless the core's decision allows.
    public func require(_ decision: AccessDecision) throws {
        switch decision {
        case .allowed: return
        case .unauthenticated(let m): throw APIError(.unauthorized, code: "unauthenticated", message: m)
        case .forbidden(let m): throw APIError(.forbidden, code: "forbidden", message: m)
        }
    }
}
