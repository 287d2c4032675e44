import Foundation
import HummingbirdBcrypt
import IntakeCore
import IntakeStore
import NIOPosix

/// Why a sign-in was refused. The message never says whether the staff id exists.
public enum SignInError: Error, Sendable, Equatable {
    case invalidCredentials
    case locked(until: Date)
    case storage(String)
}

/// Staff sign-in and sessions (R8): bcrypt password hashes (hummingbird-auth), failures
/// slowed down and locked by the core's ``SignInThrottle``, sessions ended by the core's
/// ``SessionPolicy``. Used by the daemon's routes and by the CLI working offline.
public struct StaffAccounts: Sendable {
    public static let cookieName = "onevisit_session"
    /// bcrypt's work factor for new passwords (2^12 rounds, about a quarter second here).
    public static let defaultCost: UInt8 = 12

    public let store: StaffStore
    public let sessions: SessionPolicy
    public let throttle: SignInThrottle
    /// The hall's time: audit entries.
    let clock: @Sendable () -> Date
    /// Sessions and sign-in locks (``HallInForce/realTime``).
    let sessionClock: @Sendable () -> Date
    let sleep: @Sendable (Duration) async -> Void

    public init(store: StaffStore, sessions: SessionPolicy = SessionPolicy(), throttle: SignInThrottle = SignInThrottle(),
                clock: @escaping @Sendable () -> Date = { Date() }, sessionClock: (@Sendable () -> Date)? = nil,
                sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }) {
        self.store = store; self.sessions = sessions; self.throttle = throttle; self.clock = clock
        self.sessionClock = sessionClock ?? clock; self.sleep = sleep
    }

    /// A bcrypt hash of the password, computed off the request threads.
    public static func hash(password: String, cost: UInt8 = defaultCost) async -> String {
        (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }) ?? Bcrypt.hash(password, cost: cost)
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
    }

    /// A hash nobody's password matches, verified when the staff id is unknown so that the
    /// answer takes as long as for a real account.
    private static let unknownAccountHash = Bcrypt.hash(UUID().uuidString, cost: 10)

    /// Checks the password and starts a session: the token (shown once), who, and when it
    /// ends if left idle.
    public func signIn(id: String, password: String) async throws(SignInError) -> (token: String, staff: SignedInStaff, expiresAt: Date) {
        let now = sessionClock()
        let credential: StoredCredential?
        do { credential = try await store.credential(id) } catch { throw .storage("\(error)") }
        guard let credential, !credential.account.disabled else {
            _ = await Self.verify(password, hash: Self.unknownAccountHash)
            throw .invalidCredentials
        }
        if let until = credential.lockedUntil, until > now { throw .locked(until: until) }
        guard await Self.verify(password, hash: credential.passwordHash) else {
            let throttle = self.throttle
            let failures = (try? await store.recordFailure(id) { throttle.lockedUntil(afterFailures: $0, at: now) }) ?? 0
            await sleep(throttle.delay(afterFailures: failures))
            if let until = throttle.lockedUntil(afterFailures: failures, at: now) { throw .locked(until: until) }
            throw .invalidCredentials
        }
        do {
            let token = try await store.startSession(for: id, at: now)
            guard let live = try await store.session(token: token, at: now, policy: sessions) else { throw SignInError.invalidCredentials }
            return (token, live.staff, sessions.expiry(created: now, lastSeen: now))
        } catch let e as SignInError { throw e } catch { throw .storage("\(error)") }
    }

    /// The caller behind a token: a live staff session or an enrolled device; nil otherwise.
    public func caller(token: String) async throws -> Caller? {
        if token.hasPrefix("ovd_") { return try await store.device(token: token).map(Caller.kiosk) }
        guard token.hasPrefix("ovs_") else { return nil }
        return try await store.session(token: token, at: sessionClock(), policy: sessions).map { .staff($0.staff) }
    }

    /// When the session of this token ends if left idle from now.
    public func expiry(token: String) async throws -> Date? {
        try await store.session(token: token, at: sessionClock(), policy: sessions).map { sessions.expiry(created: $0.createdAt, lastSeen: $0.lastSeenAt) }
    }

    /// Records a read of personal data; a read that cannot be audited is not answered.
    func audit(_ staff: SignedInStaff, caseNumber: String?, what: String, detail: String? = nil) async throws {
        try await store.audit(AuditEntry(at: clock(), staffID: staff.id, caseNumber: caseNumber, what: what, detail: detail))
    }
}
