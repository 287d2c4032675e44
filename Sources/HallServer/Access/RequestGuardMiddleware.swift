import Hummingbird
import HTTPTypes

/// Guards cookie sessions against cross-site requests (R8): a request that changes state is
/// refused when its `Origin` is another site's, and must say its body is JSON whenever it
/// has a body or rides on the session cookie, so a cross-site form (`text/plain`,
/// `application/x-www-form-urlencoded`) never reaches a handler.
struct RequestGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: request.head.authority) {
            throw APIError(.forbidden, code: "cross_origin", message: "requests from \(origin) are not accepted: use the hall's own pages")
        }
        let hasBody = (request.headers[.contentLength].flatMap(Int.init) ?? 0) > 0 || request.headers[.transferEncoding] != nil
        let hasCookie = request.headers[.cookie] != nil
        if hasBody || hasCookie {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            guard type.hasPrefix("application/json") else {
                throw APIError(.unsupportedMediaType, code: "json_required",
                               message: "send the body as JSON with Content-Type: application/json")
            }
        }
        return try await next(request, context)
    }

    /// `http(s)://HOST[:PORT]` naming the host the request was sent to.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, !host.isEmpty, origin != "null" else { return false }
        let stripped = origin.hasPrefix("https://") ? origin.dropFirst(8) : origin.hasPrefix("http://") ? origin.dropFirst(7) : nil
        guard let stripped else { return false }
        return stripped.lowercased() == host.lowercased()
    }
}

/// Security headers on every answer, and no caching of pages so kiosks pick up an upgrade:
/// a Content-Security-Policy with no inline script, no sniffing, no referrer to other sites.
struct PageHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = PageHeaders.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        let path = request.uri.path
        if response.headers[.cacheControl] == nil, path == "/" || path.hasSuffix(".html") || path.hasSuffix(".js") || path.hasSuffix(".css")
            || path.hasPrefix("/t/") || path.hasPrefix("/c/") || path.hasPrefix("/api/") {
            response.headers[.cacheControl] = "no-cache"
        }
        return response
    }
}

enum PageHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
}
