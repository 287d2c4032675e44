import Crypto
import Foundation
import GRDB
import IntakeCore

/// Why a staff operation was refused.
public enum StaffStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid([String])
    case exists(String)
    case notFound(String)
    case storage(String)

    public var description: String {
        switch self {
        case .invalid(let problems): problems.joined(separator: "; ")
        case .exists(let id): "staff account \(id) already exists"
        case .notFound(let id): "no staff account \(id)"
        case .storage(let m): "the hall database refused: \(m)"
        }
    }
}

/// The stored account behind a sign-in attempt.
public struct StoredCredential: Sendable {
    public var account: StaffAccount
    public var passwordHash: String
    public var lockedUntil: Date?
}

/// Staff accounts, their sessions, enrolled devices and the audit of personal-data reads:
/// one façade over the tables of R8's "information security". Tokens are stored only as
/// their SHA-256.
public struct StaffStore: Sendable {
    let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) { self.writer = writer }

    // MARK: Accounts

    public func add(_ account: StaffAccount, passwordHash: String, at now: Date) async throws(StaffStoreError) {
        let problems = account.problems
        guard problems.isEmpty else { throw .invalid(problems) }
        try await run { db in
            guard try StaffAccountRecord.fetchOne(db, key: account.id) == nil else { throw StaffStoreError.exists(account.id) }
            try StaffAccountRecord(id: account.id, name: account.name, roles: StaffAccountRecord.roleList(account.roles),
                                   department: account.department, disabled: account.disabled, passwordHash: passwordHash,
                                   failedSignIns: 0, lockedUntil: nil, createdAt: now).insert(db)
        }
    }

    public func accounts() async throws(StaffStoreError) -> [StaffAccount] {
        try await read { db in try StaffAccountRecord.order(StaffAccountRecord.Columns.id).fetchAll(db).map(\.account) }
    }

    public func account(_ id: String) async throws(StaffStoreError) -> StaffAccount? {
        try await read { db in try StaffAccountRecord.fetchOne(db, key: id)?.account }
    }

    public func hasAccounts() async throws(StaffStoreError) -> Bool {
        try await read { db in try StaffAccountRecord.fetchCount(db) > 0 }
    }

    /// Disabling an account ends its sessions and its window sign-in at once.
    public func setDisabled(_ id: String, _ disabled: Bool) async throws(StaffStoreError) {
        try await run { db in
            guard try StaffAccountRecord.fetchOne(db, key: id) != nil else { throw StaffStoreError.notFound(id) }
            try db.execute(sql: "UPDATE staffAccount SET disabled = ?, failedSignIns = 0, lockedUntil = NULL WHERE id = ?", arguments: [disabled, id])
            if disabled { try Self.endSessions(of: id, db) }
        }
    }

    /// A new password ends every session of the account and lifts a lock.
    public func setPassword(_ id: String, hash: String) async throws(StaffStoreError) {
        try await run { db in
            guard try StaffAccountRecord.fetchOne(db, key: id) != nil else { throw StaffStoreError.notFound(id) }
            try db.execute(sql: "UPDATE staffAccount SET passwordHash = ?, failedSignIns = 0, lockedUntil = NULL WHERE id = ?", arguments: [hash, id])
            try Self.endSessions(of: id, db)
        }
    }

    public func credential(_ id: String) async throws(StaffStoreError) -> StoredCredential? {
        try await read { db in
            try StaffAccountRecord.fetchOne(db, key: id).map {
                StoredCredential(account: $0.account, passwordHash: $0.passwordHash, lockedUntil: $0.lockedUntil)
            }
        }
    }

    /// Counts a wrong password; returns the consecutive failures so far.
    public func recordFailure(_ id: String, lockedUntil: @escaping @Sendable (Int) -> Date?) async throws(StaffStoreError) -> Int {
        try await run { db in
            try db.execute(sql: "UPDATE staffAccount SET failedSignIns = failedSignIns + 1 WHERE id = ?", arguments: [id])
            let failures = try Int.fetchOne(db, sql: "SELECT failedSignIns FROM staffAccount WHERE id = ?", arguments: [id]) ?? 0
            if let until = lockedUntil(failures) {
                try db.execute(sql: "UPDATE staffAccount SET lockedUntil = ?, failedSignIns = 0 WHERE id = ?", arguments: [until, id])
            }
            return failures
        }
    }

    // MARK: Sessions

    /// Starts a session for the account and returns its token (shown once, never stored).
    public func startSession(for staffID: String, at now: Date) async throws(StaffStoreError) -> String {
        let token = Self.newToken(prefix: "ovs_")
        try await run { db in
            try db.execute(sql: "UPDATE staffAccount SET failedSignIns = 0, lockedUntil = NULL WHERE id = ?", arguments: [staffID])
            try StaffSessionRecord(tokenHash: Self.hash(token), staffID: staffID, createdAt: now, lastSeenAt: now).insert(db)
        }
        return token
    }

    /// The live session of a token: its account (enabled), window, and times. `policy` says
    /// which sessions are still live and when the last-seen time is worth writing.
    public func session(token: String, at now: Date, policy: SessionPolicy) async throws(StaffStoreError)
        -> (staff: SignedInStaff, createdAt: Date, lastSeenAt: Date)? {
        let key = Self.hash(token)
        let found: (StaffSessionRecord, StaffAccountRecord, String?)? = try await read { db in
            guard let s = try StaffSessionRecord.fetchOne(db, key: key),
                  let a = try StaffAccountRecord.fetchOne(db, key: s.staffID), !a.disabled else { return nil }
            let window = try String.fetchOne(db, sql: "SELECT windowID FROM windowSession WHERE staffID = ?", arguments: [a.id])
            return (s, a, window)
        }
        guard let (s, a, window) = found else { return nil }
        guard policy.isLive(created: s.createdAt, lastSeen: s.lastSeenAt, at: now) else {
            try await run { db in _ = try StaffSessionRecord.deleteOne(db, key: key) }
            return nil
        }
        var lastSeen = s.lastSeenAt
        if policy.shouldRecordUse(lastSeen: s.lastSeenAt, at: now) {
            lastSeen = now
            try await run { db in
                try db.execute(sql: "UPDATE staffSession SET lastSeenAt = ? WHERE tokenHash = ?", arguments: [now, key])
            }
        }
        return (SignedInStaff(account: a.account, windowID: window), s.createdAt, lastSeen)
    }

    public func endSession(token: String) async throws(StaffStoreError) {
        try await run { db in _ = try StaffSessionRecord.deleteOne(db, key: Self.hash(token)) }
    }

    /// Ends every session of a staff member and signs them out of their window.
    public func endSessions(of staffID: String) async throws(StaffStoreError) {
        try await run { db in try Self.endSessions(of: staffID, db) }
    }

    static func endSessions(of staffID: String, _ db: Database) throws {
        _ = try StaffSessionRecord.filter(StaffSessionRecord.Columns.staffID == staffID).deleteAll(db)
        try db.execute(sql: "DELETE FROM windowSession WHERE staffID = ?", arguments: [staffID])
    }

    // MARK: Devices

    /// Enrols (or re-enrols, replacing the old token) a device and returns its token: a new
    /// random one, or the given one (the demo hall's documented kiosk token).
    public func enrol(_ device: EnrolledDevice, at now: Date, token given: String? = nil) async throws(StaffStoreError) -> String {
        guard StaffAccount.isValidID(device.id) else { throw .invalid(["device id \"\(device.id)\" must be 1–32 letters, digits, '-', '_' or '.'"]) }
        let token = given ?? Self.newToken(prefix: "ovd_")
        try await run { db in
            try EnrolledDeviceRecord(id: device.id, kind: device.kind.rawValue, tokenHash: Self.hash(token), enrolledAt: now).save(db)
        }
        return token
    }

    public func device(token: String) async throws(StaffStoreError) -> EnrolledDevice? {
        let key = Self.hash(token)
        return try await read { db in
            try EnrolledDeviceRecord.filter(EnrolledDeviceRecord.Columns.tokenHash == key).fetchOne(db).map {
                EnrolledDevice(id: $0.id, kind: EnrolledDevice.Kind(rawValue: $0.kind) ?? .kiosk)
            }
        }
    }

    public func revoke(device id: String) async throws(StaffStoreError) {
        try await run { db in
            guard try EnrolledDeviceRecord.deleteOne(db, key: id) else { throw StaffStoreError.notFound(id) }
        }
    }

    public func devices() async throws(StaffStoreError) -> [EnrolledDevice] {
        try await read { db in
            try EnrolledDeviceRecord.order(EnrolledDeviceRecord.Columns.id).fetchAll(db).map {
                EnrolledDevice(id: $0.id, kind: EnrolledDevice.Kind(rawValue: $0.kind) ?? .kiosk)
            }
        }
    }

    // MARK: Audit

    public func audit(_ entry: AuditEntry) async throws(StaffStoreError) {
        try await run { db in try entry.insert(db) }
    }

    public func auditEntries(caseNumber: String? = nil, staffID: String? = nil, limit: Int = 500) async throws(StaffStoreError) -> [AuditEntry] {
        try await read { db in
            var request = AuditEntry.order(AuditEntry.Columns.at.desc)
            if let caseNumber { request = request.filter(AuditEntry.Columns.caseNumber == caseNumber) }
            if let staffID { request = request.filter(AuditEntry.Columns.staffID == staffID) }
            return try request.limit(limit).fetchAll(db)
        }
    }

    // MARK: Helpers

    static func newToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StaffStoreError) -> T {
        do { return try await writer.write(body) } catch let e as StaffStoreError { throw e } catch { throw .storage("\(error)") }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StaffStoreError) -> T {
        do { return try await writer.read(body) } catch let e as StaffStoreError { throw e } catch { throw .storage("\(error)") }
    }
}
