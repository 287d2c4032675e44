import Foundation
import IntakeCore
import NIOCore
import Synchronization

/// The hall's sign-in and session settings (`auth.*`) and the ticket rate limit
/// (`http.ticketsPerMinute`, 0 for none), booking rate limit (`http.bookingsPerMinute`) and
/// complaint rate limit (`http.complaintsPerMinute`), with the core policies they make.
public struct HallAccessSettings: Sendable, Equatable {
    public var sessionIdleMinutes = 120
    public var sessionMaxHours = 12
    public var lockAfterFailures = 5
    public var lockMinutes = 15
    public var ticketsPerMinute = 60
    /// Booking, lookup and cancel requests per client and minute; 0 for none.
    public var bookingsPerMinute = 30
    /// Complaints filed and looked up per client and minute (seed 004 §10); 0 for none.
    public var complaintsPerMinute = 10
    /// The session cookie is sent over TLS only (set when the daemon serves TLS).
    public var secureCookie = false

    public init() {}

    public var problems: [String] {
        var p: [String] = []
        if !(1...1440).contains(sessionIdleMinutes) { p.append("auth.sessionIdleMinutes: \(sessionIdleMinutes) is not 1–1440") }
        if !(1...72).contains(sessionMaxHours) { p.append("auth.sessionMaxHours: \(sessionMaxHours) is not 1–72") }
        if !(1...100).contains(lockAfterFailures) { p.append("auth.lockAfterFailures: \(lockAfterFailures) is not 1–100") }
        if !(1...1440).contains(lockMinutes) { p.append("auth.lockMinutes: \(lockMinutes) is not 1–1440") }
        if !(0...100_000).contains(ticketsPerMinute) { p.append("http.ticketsPerMinute: \(ticketsPerMinute) is not 0–100000") }
        if !(0...100_000).contains(bookingsPerMinute) { p.append("http.bookingsPerMinute: \(bookingsPerMinute) is not 0–100000") }
        if !(0...100_000).contains(complaintsPerMinute) { p.append("http.complaintsPerMinute: \(complaintsPerMinute) is not 0–100000") }
        return p
    }

    public var sessionPolicy: SessionPolicy {
        SessionPolicy(idle: .seconds(sessionIdleMinutes * 60), maxAge: .seconds(sessionMaxHours * 3600))
    }

    public var throttle: SignInThrottle { SignInThrottle(lockAfter: lockAfterFailures, lockFor: .seconds(lockMinutes * 60)) }
}

/// The ticket issuance (or booking) limit per client address, over the core's token bucket.
public final class TicketRateLimiter: Sendable {
    private let bucket: Mutex<ClientRateLimit>
    private let enabled: Bool
    private let clock: @Sendable () -> Date
    private let what: String

    public init(perMinute: Int, clock: @escaping @Sendable () -> Date, what: String = "tickets") {
        self.what = what
        bucket = Mutex(ClientRateLimit(perMinute: Double(max(1, perMinute)), burst: Double(max(5, perMinute / 3))))
        enabled = perMinute > 0
        self.clock = clock
    }

    /// Refuses with 429 when the client (its IP address) has issued too many tickets just now.
    func admit(_ address: SocketAddress?) throws(APIError) {
        guard enabled else { return }
        let client = address?.ipAddress ?? "unknown"
        let now = clock()
        guard bucket.withLock({ $0.take(client, at: now) }) else {
            throw APIError(.tooManyRequests, code: "rate_limited", message: "too many \(what) from this device just now; wait a minute")
        }
    }
}
