import Foundation
import GRDB
import IntakeCore

/// A staff account row: the account and its password hash (bcrypt), failures and lock.
struct StaffAccountRecord: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "staffAccount" }
    var id: String
    var name: String
    /// The roles, comma-separated in role order (`clerk,supervisor`).
    var roles: String
    var department: String?
    var disabled: Bool
    var passwordHash: String
    var failedSignIns: Int
    var lockedUntil: Date?
    var createdAt: Date

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let disabled = Column(CodingKeys.disabled)
        static let failedSignIns = Column(CodingKeys.failedSignIns)
        static let lockedUntil = Column(CodingKeys.lockedUntil)
        static let passwordHash = Column(CodingKeys.passwordHash)
    }

    var account: StaffAccount {
        StaffAccount(id: id, name: name, roles: Set(roles.split(separator: ",").compactMap { StaffRole(rawValue: String($0)) }),
                     department: department, disabled: disabled)
    }

    static func roleList(_ roles: Set<StaffRole>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
}

/// A live staff session: only the SHA-256 of its token is stored, so a copy of the
/// database signs nobody in.
struct StaffSessionRecord: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "staffSession" }
    var tokenHash: String
    var staffID: String
    var createdAt: Date
    var lastSeenAt: Date

    enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let staffID = Column(CodingKeys.staffID)
        static let lastSeenAt = Column(CodingKeys.lastSeenAt)
    }
}

/// An enrolled device (kiosk) and the SHA-256 of its token.
struct EnrolledDeviceRecord: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "enrolledDevice" }
    var id: String
    var kind: String
    var tokenHash: String
    var enrolledAt: Date

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let tokenHash = Column(CodingKeys.tokenHash)
    }
}

extension AuditEntry: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "auditEntry" }
    public enum Columns {
        static let at = Column("at")
        static let staffID = Column("staffID")
        static let caseNumber = Column("caseNumber")
    }
}

enum StaffSchema {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: staff accounts, sessions, devices, audit") { db in
            try db.create(table: "staffAccount") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().check { length($0) > 0 }
                t.column("roles", .text).notNull().check { length($0) > 0 }
                t.column("department", .text)
                t.column("disabled", .boolean).notNull()
                // bcrypt hashes only: "$2b$" and a cost; never a plain or fast hash.
                t.column("passwordHash", .text).notNull().check { $0.like("$2_$%") }
                t.column("failedSignIns", .integer).notNull().check { $0 >= 0 }
                t.column("lockedUntil", .datetime)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "staffSession") { t in
                t.primaryKey("tokenHash", .text)
                t.column("staffID", .text).notNull().references("staffAccount", onDelete: .cascade)
                t.column("createdAt", .datetime).notNull()
                t.column("lastSeenAt", .datetime).notNull()
            }
            try db.create(index: "staffSession_staff", on: "staffSession", columns: ["staffID"])
            try db.create(table: "enrolledDevice") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("tokenHash", .text).notNull().unique()
                t.column("enrolledAt", .datetime).notNull()
            }
            try db.create(table: "auditEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("staffID", .text).notNull()
                t.column("caseNumber", .text)
                t.column("what", .text).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "auditEntry_at", on: "auditEntry", columns: ["at"])
            // One window per clerk: the window session names a staff member at most once. Sign-ins
            // of the time before accounts were not authenticated: they end here.
            try db.execute(sql: "DELETE FROM windowSession")
            try db.create(index: "windowSession_staff", on: "windowSession", columns: ["staffID"], unique: true)
        }
    }
}
