#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Count, mean, median and 90th percentile of a set of durations in seconds (waiting,
/// service and rectification times of seed 004 §12.3; docs/METRICS.md).
///
/// Percentiles are nearest-rank: with the n values sorted ascending as x₁ ≤ … ≤ xₙ, the
/// p-th percentile is x_k for k = ⌈p · n / 100⌉ (so one value is its own p50 and p90, and of
/// ten values the fifth and the ninth). Empty: no mean and no percentiles.
public struct TimeFigures: Codable, Sendable, Equatable {
    public var count: Int
    public var meanSeconds: Double?
    public var p50Seconds: Double?
    public var p90Seconds: Double?

    public init(count: Int, meanSeconds: Double?, p50Seconds: Double?, p90Seconds: Double?) {
        self.count = count; self.meanSeconds = meanSeconds; self.p50Seconds = p50Seconds; self.p90Seconds = p90Seconds
    }

    public static let none = TimeFigures(count: 0, meanSeconds: nil, p50Seconds: nil, p90Seconds: nil)

    public static func of(_ seconds: [Double]) -> TimeFigures {
        guard !seconds.isEmpty else { return .none }
        let sorted = seconds.sorted()
        let n = sorted.count
        // ⌈p · n / 100⌉ in integers, so no rounding of a fraction can move the rank.
        func rank(_ p: Int) -> Int { (p * n + 99) / 100 }
        return TimeFigures(count: n, meanSeconds: sorted.reduce(0, +) / Double(n),
                           p50Seconds: sorted[rank(50) - 1], p90Seconds: sorted[rank(90) - 1])
    }
}
