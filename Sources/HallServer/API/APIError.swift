import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// An API error, answered as `{"error": {"code": "...", "message": "..."}}` with a fitting status.
/// Codes are stable strings clients can switch on; messages are for people.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status; self.code = code; self.message = message
    }

    struct Body: Codable { var error: Detail; struct Detail: Codable { var code: String; var message: String } }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONCoding.encoder().encode(Body(error: .init(code: code, message: message)))
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "not_found", message: what) }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_request", message: message) }
    static func internalError(_ message: String) -> APIError { APIError(.internalServerError, code: "internal", message: message) }
}

extension APIError {
    /// Maps a refused queue operation to its status and code.
    init(_ error: QueueError) {
        let message = error.description
        switch error {
        case .routing(.unknownQueue), .routing(.unknownItem), .routing(.unknownBundle):
            self.init(.notFound, code: "not_found", message: message)
        case .routing(.noQueueServes):
            self.init(.unprocessableContent, code: "no_queue", message: message)
        case .admission(.closed):
            self.init(.conflict, code: "queue_closed", message: message)
        case .admission(.dailyCapReached), .admission(.bandCapReached):
            self.init(.conflict, code: "queue_full", message: message)
        case .ticket(.refused):
            self.init(.conflict, code: "transition_refused", message: message)
        case .ticket(.noShowTooEarly):
            self.init(.conflict, code: "no_show_too_early", message: message)
        case .ticket(.transferToSameQueue):
            self.init(.conflict, code: "transition_refused", message: message)
        case .unknownWindow, .unknownTicket:
            self.init(.notFound, code: "not_found", message: message)
        case .windowBusy:
            self.init(.conflict, code: "window_busy", message: message)
        case .nothingWaiting:
            self.init(.conflict, code: "nothing_waiting", message: message)
        case .noCurrentTicket:
            self.init(.conflict, code: "no_current_ticket", message: message)
        case .noHeldTicket:
            self.init(.conflict, code: "no_held_ticket", message: message)
        case .windowOccupied:
            self.init(.conflict, code: "window_occupied", message: message)
        case .storage:
            self.init(.serviceUnavailable, code: "storage_unavailable", message: message)
        }
    }
}

extension APIError {
    /// Maps a refused review operation to its status and code.
    init(_ error: ReviewStoreError) {
        switch error {
        case .notFound(let m): self.init(.notFound, code: "not_found", message: m)
        case .alreadyReviewed(let m): self.init(.conflict, code: "already_reviewed", message: m)
        case .conflict(let m): self.init(.conflict, code: "conflict", message: m)
        case .badInput(let m): self.init(.badRequest, code: "invalid_request", message: m)
        case .refused(let e):
            switch e {
            case .notAllowed: self.init(.conflict, code: "transition_not_allowed", message: e.description)
            case .callBackRequired: self.init(.unprocessableContent, code: "call_back_required", message: e.description)
            case .emptyText: self.init(.badRequest, code: "invalid_request", message: e.description)
            }
        case .storage(let m): self.init(.serviceUnavailable, code: "storage_unavailable", message: m)
        }
    }
}

extension APIError {
    /// Maps a refused case operation: bad requests, unknown cases, refused transitions.
    init(_ error: CaseStoreError) {
        switch error {
        case .notFound(let n): self.init(.notFound, code: "not_found", message: "no case \(n)")
        case .opening(let e): self.init(.badRequest, code: "invalid_request", message: e.description)
        case .refused(let e):
            switch e {
            case .notAllowed: self.init(.conflict, code: "transition_not_allowed", message: e.description)
            case .unknownMaterial, .unknownItem, .unknownField, .emptyText, .nothingToCorrect, .statusNotSettable, .supplyDeadlinePassed:
                self.init(.badRequest, code: "invalid_request", message: e.description)
            default: self.init(.conflict, code: "case_refused", message: e.description)
            }
        case .fee(let e):
            switch e {
            case .unknownItem, .referenceRequired, .referenceForCash, .reasonRequired:
                self.init(.badRequest, code: "invalid_request", message: e.description)
            case .noFee, .wrongAmount: self.init(.unprocessableContent, code: "fee_refused", message: e.description)
            default: self.init(.conflict, code: "fee_refused", message: e.description)
            }
        case .storage(let m): self.init(.serviceUnavailable, code: "storage_unavailable", message: m)
        }
    }
}

/// Turns every error escaping a handler, including the router's own 404 and 405, into the
/// JSON error shape, so clients never see an empty or HTML body.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let api = Self.apiError(error, request: request, context: context)
            // Internal and storage error text (SQLite's among it) stays in the log; the client
            // gets the stable code and a plain sentence.
            guard api.code == "internal" || api.code == "storage_unavailable" else { throw api }
            context.logger.error("Request failed", metadata: ["code": "\(api.code)", "error": "\(api.message)", "path": "\(request.uri.path)"])
            // A full disk is the one storage fault a clerk can name to the technician, and
            // waiting will not mend it (SQLite's SQLITE_FULL text, or the kernel's ENOSPC).
            let diskFull = api.message.contains("database or disk is full") || api.message.contains("No space left on device")
            throw APIError(api.status, code: api.code, message: diskFull
                ? "the hall's data disk is full (\(api.code)): nothing more can be stored until the technician frees space"
                : api.status == .serviceUnavailable
                ? "the hall cannot do this right now (\(api.code)); try again, and tell the technician if it lasts"
                : "internal error (\(api.code)); the hall log has details")
        }
    }

    static func apiError(_ error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as QueueError: return APIError(error)
        case let error as ReviewStoreError: return APIError(error)
        case let error as CaseStoreError: return APIError(error)
        case let error as StaffStoreError: return APIError(error)
        case let error as ComplaintStoreError: return APIError(error)
        case let error as HTTPError:
            let code = switch error.status {
            case .notFound: "not_found"
            case .methodNotAllowed: "method_not_allowed"
            case .contentTooLarge: "body_too_large"
            case .unauthorized: "unauthenticated"
            case .forbidden: "forbidden"
            default: "http_\(error.status.code)"
            }
            let message = error.status == .notFound && error.body == nil
                ? "nothing at \(request.method) \(request.uri.path)" : error.body ?? error.status.reasonPhrase
            return APIError(error.status, code: code, message: message)
        case let error as any HTTPResponseError:
            return APIError(error.status, code: "http_\(error.status.code)", message: "\(error)")
        default:
            return APIError(.internalServerError, code: "internal", message: "\(error)")
        }
    }
}

extension APIError {
    /// Maps a refused staff-account operation.
    init(_ error: StaffStoreError) {
        switch error {
        case .invalid: self.init(.badRequest, code: "invalid_request", message: error.description)
        case .exists: self.init(.conflict, code: "staff_exists", message: error.description)
        case .notFound: self.init(.notFound, code: "not_found", message: error.description)
        case .storage: self.init(.serviceUnavailable, code: "storage_unavailable", message: error.description)
        }
    }
}
