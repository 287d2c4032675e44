import Foundation

/// The simulated day's way into the hall: the same `/api/v1` routes the kiosk and the
/// consoles use, each actor with its own session. A refusal (a 4xx) is an answer the day
/// goes on from, counted by the caller; a daemon that cannot be reached stops the day. A
/// session that ran out (a desk idle past the hall's limit) is signed in again once, as a
/// clerk would.
struct DayAPI: Sendable {
    let baseURL: String
    private let session: Session?
    private let fixedToken: String?

    struct Answer: Sendable {
        var status: Int
        var data: Data
        var ok: Bool { (200..<300).contains(status) }

        func decoded<T: Decodable>(_ type: T.Type) throws(CLIFailure) -> T { try decode(type, from: data) }
    }

    /// A caller with no session (a citizen) or with a device token (a kiosk).
    init(baseURL: String, token: String? = nil) { self.baseURL = baseURL; fixedToken = token; session = nil }

    private init(baseURL: String, session: Session) { self.baseURL = baseURL; self.session = session; fixedToken = nil }

    /// Signs a staff account in and answers an API for its session.
    static func signIn(_ staffID: String, password: String, at baseURL: String) async throws(CLIFailure) -> DayAPI {
        let session = Session(staffID: staffID, password: password, baseURL: baseURL)
        _ = try await session.renew()
        return DayAPI(baseURL: baseURL, session: session)
    }

    func post(_ path: String, _ body: [String: any Sendable] = [:]) async throws(CLIFailure) -> Answer {
        try await send { client throws(CLIFailure) in try await client.post(path, body: body) }
    }

    func get(_ path: String) async throws(CLIFailure) -> Answer {
        try await send { client throws(CLIFailure) in try await client.get(path) }
    }

    private func send(_ call: (HallClient) async throws(CLIFailure) -> Data) async throws(CLIFailure) -> Answer {
        var token = fixedToken
        if let session { token = await session.token }
        var answer = try await attempt(HallClient(baseURL: baseURL, token: token), call)
        if answer.status == 401, let session {
            answer = try await attempt(HallClient(baseURL: baseURL, token: try await session.renew()), call)
        }
        return answer
    }

    private func attempt(_ client: HallClient, _ call: (HallClient) async throws(CLIFailure) -> Data) async throws(CLIFailure) -> Answer {
        do { return Answer(status: 200, data: try await call(client)) } catch {
            guard case .http(let status, _, let body) = error, status < 500 else { throw error }
            return Answer(status: status, data: body)
        }
    }

    /// A staff member's session, renewed by signing in again.
    actor Session {
        let staffID: String, password: String, baseURL: String
        private(set) var token: String?

        init(staffID: String, password: String, baseURL: String) {
            self.staffID = staffID; self.password = password; self.baseURL = baseURL
        }

        func renew() async throws(CLIFailure) -> String {
            let data = try await HallClient(baseURL: baseURL).post("/api/v1/session", body: ["staffID": staffID, "password": password])
            struct Started: Decodable { var token: String }
            let fresh = try decode(Started.self, from: data).token
            token = fresh
            return fresh
        }
    }
}

/// What the day reads of the hall's answers.
enum DayViews {
    struct Hall: Decodable { var now: Date; var clockSpeed: Double; var timeZone: String }
    struct Ticket: Decodable { var id: String; var number: String; var queue: String }
    struct Case: Decodable {
        var number: String
        var materials: [Line]
        var subCases: [Sub]
        struct Line: Decodable { var materialID: String; var name: String; var key: Bool; var required: Bool }
        struct Sub: Decodable { var itemID: String; var department: String }
    }
    struct Fees: Decodable {
        var fees: [Fee]
        struct Fee: Decodable { var itemID: String; var amountFen: Int; var due: String }
    }
    struct Tasks: Decodable {
        var tasks: [Entry]
        struct Entry: Decodable { var task: Task }
        struct Task: Decodable { var id: String; var state: String; var realName: Bool }
    }
    struct Complaint: Decodable { var number: String; var ratingCode: String? }
}
