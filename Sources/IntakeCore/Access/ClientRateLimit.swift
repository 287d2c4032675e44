import Foundation

/// A token bucket per client: `burst` requests at once, refilled at `perMinute` (R1: the
/// kiosk's ticket issuance must not be drained by one client on the hall network).
public struct ClientRateLimit: Sendable {
    public var perMinute: Double
    public var burst: Double
    private var buckets: [String: (tokens: Double, at: Date)] = [:]

    public init(perMinute: Double = 60, burst: Double = 20) { self.perMinute = perMinute; self.burst = burst }

    /// Takes one token for `client` at `now`; false when the client has none left.
    public mutating func take(_ client: String, at now: Date) -> Bool {
        var b = buckets[client] ?? (burst, now)
        b.tokens = min(burst, b.tokens + max(0, now.timeIntervalSince(b.at)) * perMinute / 60)
        b.at = now
        let admitted = b.tokens >= 1
        if admitted { b.tokens -= 1 }
        buckets[client] = b
        // Forget clients whose buckets are full again, so the table stays small.
        if buckets.count > 4096 {
            buckets = buckets.filter { min(burst, $0.value.tokens + now.timeIntervalSince($0.value.at) * perMinute / 60) < burst }
        }
        return admitted
    }
}
