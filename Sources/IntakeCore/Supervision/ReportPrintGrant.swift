#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A one-time grant to read one period's report without a session, so headless Chromium can
/// print `/report.html` to PDF for `onevisit report … --pdf` (issue 15). It names one report,
/// lives two minutes and is spent on its first read: a grant seen on a command line is worth
/// one copy of one report, briefly, and never a supervisor's session.
public struct ReportPrintGrant: Sendable, Equatable {
    public var token: String
    public var period: ReportPeriod
    public var expiresAt: Date

    public static let lifetime: TimeInterval = 120

    public init(token: String, period: ReportPeriod, issuedAt: Date) {
        self.token = token; self.period = period; expiresAt = issuedAt.addingTimeInterval(Self.lifetime)
    }

    public func isValid(at now: Date) -> Bool { now < expiresAt }

    /// The page that prints it: `/report.html?month=2026-12&grant=…`.
    public var pagePath: String { "/report.html?\(period.queryName)=\(period.description)&grant=\(token)" }
}
