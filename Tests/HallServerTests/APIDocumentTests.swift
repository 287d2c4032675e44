import Foundation
@testable import HallServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeCore
import Testing
import Yams

/// The contract (the sign-in issue): `docs/openapi.yaml` documents every registered route
/// and nothing else, each operation with the audience, binding and security scheme its
/// declaration has, and the daemon serves that very document.
@Suite("The API document equals the routes", .timeLimit(.minutes(5)))
struct APIDocumentTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Operation { var key: String; var fields: [String: Any] }

    static func document() throws -> [String: Any] {
        let text = try String(contentsOf: repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func operations(_ doc: [String: Any]) throws -> [String: [String: Any]] {
        let paths = try #require(doc["paths"] as? [String: Any])
        var ops: [String: [String: Any]] = [:]
        for (path, item) in paths {
            for (method, op) in try #require(item as? [String: Any]) where ["get", "post", "delete", "put", "patch"].contains(method) {
                ops["\(method.uppercased()) \(path)"] = try #require(op as? [String: Any])
            }
        }
        return ops
    }

    static func declarations() async throws -> [RouteDeclaration] {
        let (hall, _) = try await makeTestHall()
        let table = RouteTable()
        _ = HallApplication.router(for: hall, simulator: true, table: table)
        return table.declarations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let doc = try Self.document()
        #expect(doc["openapi"] as? String == "3.1.0")
        let documented = Set(try Self.operations(doc).keys)
        let declared = Set(try await Self.declarations().map { "\($0.method) \($0.path)" })
        #expect(declared.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(declared).sorted() == [], "documented but not registered")
    }

    @Test func eachOperationStatesItsAudienceBindingAndSecurity() async throws {
        let ops = try Self.operations(try Self.document())
        var operationIDs: Set<String> = []
        for d in try await Self.declarations() {
            let key = "\(d.method) \(d.path)"
            guard let op = ops[key] else { continue }
            #expect(op["x-audience"] as? String == d.audience.description, "\(key): x-audience")
            #expect(op["x-binding"] as? String == d.binding.rawValue, "\(key): x-binding")
            let id = op["operationId"] as? String ?? ""
            #expect(!id.isEmpty && operationIDs.insert(id).inserted, "\(key): operationId \(id) missing or repeated")
            let responses = op["responses"] as? [String: Any] ?? [:]
            #expect(responses["default"] != nil, "\(key): no default (error) response")

            // The security schemes follow from who the audience admits.
            let security = try #require(op["security"] as? [Any], "\(key): no explicit security")
            let schemes = Set(security.compactMap { ($0 as? [String: Any])?.keys.first })
            let admitsAnonymous = d.audience.admits(.anonymous) == .allowed
            let admitsKiosk = d.audience.admits(.kiosk(EnrolledDevice(id: "kiosk-1"))) == .allowed
            if admitsAnonymous {
                #expect(security.isEmpty, "\(key): public, yet documented with \(schemes.sorted())")
            } else if d.audience == .kiosk {
                #expect(schemes == ["deviceToken"], "\(key): for the kiosk alone, yet documented with \(schemes.sorted())")
            } else {
                #expect(schemes.contains("staffSession") && schemes.contains("sessionCookie"), "\(key): \(schemes.sorted())")
                #expect(schemes.contains("deviceToken") == admitsKiosk, "\(key): deviceToken \(admitsKiosk ? "missing" : "not admitted")")
            }
        }
    }

    @Test func theDaemonServesTheDocument() async throws {
        let (hall, _) = try await makeTestHall()
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        let file = try Data(contentsOf: Self.repository.appendingPathComponent("docs/openapi.yaml"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                #expect(Data(buffer: response.body) == file)
            }
        }
    }
}
