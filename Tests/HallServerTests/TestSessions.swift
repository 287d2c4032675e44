import Foundation
import HallServer
import HTTPTypes
import HummingbirdTesting
import IntakeCore
import IntakeStore
import NIOCore
import Testing

extension Hall {
    /// A live session of a demo account (README), started in the store; the HTTP sign-in
    /// itself is tested by SessionTests. With `window`, the clerk is signed in there too.
    func session(_ staffID: String, window: String? = nil) async throws -> String {
        try await DemoAccounts.install(in: accounts.store, department: HallAssembly.demoDepartment, at: clock())
        guard let account = try await accounts.store.account(staffID) else { throw TestFailure("no demo account \(staffID)") }
        let token = try await accounts.store.startSession(for: staffID, at: clock())
        if let window { try await store.signIn(window: window, staff: StaffMember(id: staffID, name: account.name), at: clock()) }
        return token
    }

    /// The enrolled demo kiosk's token.
    func kioskToken() async throws -> String {
        try await DemoAccounts.install(in: accounts.store, department: HallAssembly.demoDepartment, at: clock())
        return DemoAccounts.kioskToken
    }
}

/// The headers of a JSON request, as the holder of `token` (nil: anonymous).
func signedIn(_ token: String?) -> HTTPFields {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let token { headers[.authorization] = "Bearer " + token }
    return headers
}

extension TestClientProtocol {
    /// A request as the holder of `token`, with a JSON body when given.
    @discardableResult
    func execute<Return>(uri: String, method: HTTPRequest.Method, as token: String?, body: String? = nil,
                         testCallback: @escaping (TestResponse) async throws -> Return = { $0 }) async throws -> Return {
        try await execute(uri: uri, method: method, headers: signedIn(token), body: body.map { ByteBuffer(string: $0) },
                          testCallback: testCallback)
    }

    /// A request expected to answer `status`, its JSON body decoded (empty: `[:]`); a wrong
    /// status is recorded with the body, at the caller's line.
    func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as token: String?, expect status: HTTPResponse.Status = .ok,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        try await execute(uri: uri, method: method, as: token, body: body) { response async throws in
            #expect(response.status == status, "\(method) \(uri): \(String(buffer: response.body))", sourceLocation: sourceLocation)
            return response.body.readableBytes == 0 ? [:] : try json(response.body)
        }
    }
}

extension Hall {
    /// A session of back-office staff of `department` (an account made for the test).
    func session(department: String) async throws -> String {
        let id = "dept-" + String(department.unicodeScalars.map { String($0.value, radix: 36) }.joined().prefix(24))
        if try await accounts.store.account(id) == nil {
            try await accounts.store.add(StaffAccount(id: id, name: "审批" + department.prefix(2), roles: [.department], department: department),
                                         passwordHash: await StaffAccounts.hash(password: UUID().uuidString, cost: 4), at: clock())
        }
        return try await accounts.store.startSession(for: id, at: clock())
    }
}
