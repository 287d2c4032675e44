#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How well the wait promised at issue matched the wait had (issue 15, "compare each
/// ticket's estimated wait with its actual wait"; docs/METRICS.md). For every ticket of the
/// period that was called, the error is the estimate minus the actual wait (first call −
/// issue). It is given for the hall's estimator (the minutes printed on the ticket) and for
/// the naive one a reader compares it with: people ahead at issue × a fixed service time.
public struct WaitEstimateFigures: Codable, Sendable, Equatable {
    /// One estimator's errors over the called tickets.
    public struct Errors: Codable, Sendable, Equatable {
        /// |estimate − actual|: its mean is the mean absolute error; p90 the error nine in ten stay within.
        public var absolute: TimeFigures
        /// The mean of estimate − actual: above 0 the estimator promises too long, below too short.
        public var meanSignedSeconds: Double?
    }

    public var tickets: Int
    public var estimator: Errors
    public var naive: Errors
    /// The naive estimator's fixed time per person ahead.
    public var naiveMinutesPerPerson: Double

    public static func compute(_ tickets: [(Ticket, [TicketEvent])], naiveMinutesPerPerson: Double) -> WaitEstimateFigures {
        var estimated: [Double] = [], naive: [Double] = []
        for (t, events) in tickets {
            guard let call = events.first(where: { $0.kind == .call }) else { continue }
            let actual = call.at.timeIntervalSince(t.issuedAt)
            estimated.append(Double(t.estimatedWaitMinutes) * 60 - actual)
            naive.append(Double(t.peopleAheadAtIssue) * naiveMinutesPerPerson * 60 - actual)
        }
        func errors(_ signed: [Double]) -> Errors {
            Errors(absolute: .of(signed.map(abs)), meanSignedSeconds: signed.isEmpty ? nil : signed.reduce(0, +) / Double(signed.count))
        }
        return WaitEstimateFigures(tickets: estimated.count, estimator: errors(estimated), naive: errors(naive),
                                   naiveMinutesPerPerson: naiveMinutesPerPerson)
    }
}
