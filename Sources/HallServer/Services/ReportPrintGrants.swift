import Foundation
import IntakeCore
import Synchronization

/// The open print grants (``ReportPrintGrant``), in memory only: a grant outlives neither its
/// two minutes nor the daemon, and each is spent by its first read.
final class ReportPrintGrants: Sendable {
    private let open = Mutex<[String: ReportPrintGrant]>([:])

    func issue(_ period: ReportPeriod, at now: Date) -> ReportPrintGrant {
        var random = SystemRandomNumberGenerator()
        // 256 random bits: a grant cannot be guessed, only stolen — and then only once, briefly.
        let token = (0..<4).map { _ in String(random.next(), radix: 16).leftPadded(to: 16) }.joined()
        let grant = ReportPrintGrant(token: token, period: period, issuedAt: now)
        open.withLock { grants in
            grants = grants.filter { $0.value.isValid(at: now) }
            grants[token] = grant
        }
        return grant
    }

    /// The grant's period, once: nil when unknown, spent or expired.
    func spend(_ token: String, at now: Date) -> ReportPeriod? {
        open.withLock { grants in
            guard let grant = grants.removeValue(forKey: token), grant.isValid(at: now) else { return nil }
            return grant.period
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
