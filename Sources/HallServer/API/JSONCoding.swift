import Foundation
import Hummingbird
import NIOCore

/// The API's JSON conventions: ISO 8601 dates, stable key order.
enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder().encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes a request body within the limit its route declared.
    static func body<T: Decodable>(_ type: T.Type, of request: Request, context: HallRequestContext) async throws -> T {
        try await body(type, of: request, limit: context.bodyLimit)
    }

    /// Decodes a request body, answering 400 with the field at fault when it does not fit.
    /// An empty body decodes as `{}` so bodiless POSTs to actions work.
    static func body<T: Decodable>(_ type: T.Type, of request: Request, limit: Int = 64 * 1024) async throws -> T {
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "request body is larger than \(limit) bytes")
        }
        var bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { bytes = Array("{}".utf8) }
        do {
            return try decoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context):
            let p = path(context.codingPath + [key])
            return "missing field \"\(p)\""
        case .typeMismatch(let type, let context):
            let expected = switch type {
            case is String.Type: "a string"
            case is Int.Type, is Double.Type: "a number"
            case is Bool.Type: "true or false"
            case is [Any].Type: "a list"
            default: "an object"
            }
            let field = path(context.codingPath)
            return field.isEmpty ? "body must be a JSON object" : "field \"\(field)\" must be \(expected)"
        case .valueNotFound(_, let context):
            return "field \"\(path(context.codingPath))\" must not be null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "body is not valid JSON"
                : "field \"\(path(context.codingPath))\": \(context.debugDescription)"
        @unknown default:
            return "body does not match the expected shape"
        }
    }
}
