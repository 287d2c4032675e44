import HTTPTypes
import Hummingbird
import IntakeCore
import Synchronization

/// One declared route: method, path, who may call it, what binds it, and its body limit.
/// The table of these is what the access-matrix test and the API document are checked
/// against, so a route without an audience cannot exist.
public struct RouteDeclaration: Sendable, Hashable, CustomStringConvertible {
    public var method: HTTPRequest.Method
    public var path: String
    public var audience: Audience
    public var binding: RouteBinding
    public var bodyLimit: Int

    public var description: String { "\(method) \(path) [\(audience)\(binding == .none ? "" : ", \(binding)")]" }
}

/// What, beyond the role, ties a caller to a route's subject: each names the core decision
/// the route's handler takes, so the access matrix can compute what every caller gets.
public enum RouteBinding: String, Sendable, Hashable {
    case none
    /// The path's window `{id}` is the window the clerk is signed in at (from the session).
    case window
    /// The case is one the caller sees at all: ``CaseAccess/maySee(_:by:)``.
    case caseSeen
    /// The applicant, form or page images in full: ``CaseAccess/mayReadInFull(_:by:)``, audited.
    case caseInFull
    /// Pages captured or removed at the case's own window: ``CaseAccess/mayChangeMaterials(_:by:)``.
    case caseWindow
    /// A case action of the path's last segment: ``CaseAccess/mayDo(_:on:by:)`` with its kind of work.
    case caseAction
    /// A rectification task the caller sees: ``ReviewTaskAccess/maySee(reviewedStaff:by:)``.
    case reviewTaskSeen
    /// A step of a rectification task: ``ReviewTaskAccess/mayTake(_:on:reviewedStaff:by:)``.
    case reviewTaskStep
    /// The window's sign-in ends only by its clerk or a supervisor: ``WindowAccess/maySignOut(window:present:by:)``.
    case windowOccupant
    /// A card taken off a reader the body names: ``ReaderAccess/mayTakeCard(from:readerID:by:)``.
    case ownReader
}

/// The routes of the hall as they are declared.
public final class RouteTable: Sendable {
    private let entries = Mutex<[RouteDeclaration]>([])

    public init() {}

    public var declarations: [RouteDeclaration] { entries.withLock { $0 } }

    func add(_ d: RouteDeclaration) { entries.withLock { $0.append(d) } }
}

/// The routes of one audience: a Hummingbird route group whose middleware admits only
/// that audience. Every route of the hall is declared through one of these.
public struct AudienceRoutes {
    let group: RouterGroup<HallRequestContext>
    public let audience: Audience
    let table: RouteTable

    public typealias Handler = @Sendable (Request, HallRequestContext) async throws -> Response

    @discardableResult
    func get(_ path: String, binding: RouteBinding = .none, _ handler: @escaping Handler) -> Self {
        on(path, .get, binding: binding, bodyLimit: 0, handler)
    }

    @discardableResult
    func post(_ path: String, binding: RouteBinding = .none, bodyLimit: Int = 64 * 1024, _ handler: @escaping Handler) -> Self {
        on(path, .post, binding: binding, bodyLimit: bodyLimit, handler)
    }

    @discardableResult
    func delete(_ path: String, binding: RouteBinding = .none, _ handler: @escaping Handler) -> Self {
        on(path, .delete, binding: binding, bodyLimit: 0, handler)
    }

    @discardableResult
    func on(_ path: String, _ method: HTTPRequest.Method, binding: RouteBinding, bodyLimit: Int, _ handler: @escaping Handler) -> Self {
        table.add(RouteDeclaration(method: method, path: path, audience: audience, binding: binding, bodyLimit: bodyLimit))
        group.on(RouterPath(path), method: method) { request, context in
            var context = context
            context.bodyLimit = bodyLimit
            // Refused before a byte of the body is read.
            if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit {
                throw APIError(.contentTooLarge, code: "body_too_large", message: "\(method) \(path) takes a body of at most \(bodyLimit) bytes")
            }
            if binding == .window {
                let window = try context.parameters.require("id")
                let staff = try context.staff()
                guard staff.windowID == window else {
                    throw APIError(.forbidden, code: "forbidden",
                                   message: "this is for the clerk signed in at window \(window); you are signed in at \(staff.windowID.map { "window \($0)" } ?? "no window")")
                }
            }
            return try await handler(request, context)
        }
        return self
    }
}

/// The hall's router, one group per audience, so the routes read as a table of who may do
/// what (R8).
public final class HallRoutes {
    let router: Router<HallRequestContext>
    let table: RouteTable
    /// Whether the simulated devices' controls are registered (`--simulate` only).
    let simulator: Bool
    private var groups: [Audience: RouterGroup<HallRequestContext>] = [:]

    init(router: Router<HallRequestContext>, table: RouteTable, simulator: Bool) {
        self.router = router; self.table = table; self.simulator = simulator
    }

    /// The routes for this audience.
    func audience(_ audience: Audience) -> AudienceRoutes {
        let group = groups[audience] ?? router.group().add(middleware: AudienceMiddleware(audience: audience))
        groups[audience] = group
        return AudienceRoutes(group: group, audience: audience, table: table)
    }

    /// Anyone: a decision, written where the route is declared.
    var anyone: AudienceRoutes { audience(.public) }
    var anyStaff: AudienceRoutes { audience(.anyStaff) }
    func staff(_ roles: StaffRole...) -> AudienceRoutes { audience(.staff(Set(roles))) }
}
