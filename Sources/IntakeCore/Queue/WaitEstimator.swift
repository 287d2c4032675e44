/// Estimated wait for a new ticket: people ahead × recent mean service time of the queue ÷
/// open windows serving it, with a default service time when there is no history yet
/// (the common open-source QMS formula, domain notes §1.1).
public struct WaitEstimator: Sendable, Hashable, Codable {
    public var defaultServiceMinutes: Double
    /// How many recent finished services the mean is taken over.
    public var sampleSize: Int

    public init(defaultServiceMinutes: Double = 8, sampleSize: Int = 20) {
        self.defaultServiceMinutes = defaultServiceMinutes; self.sampleSize = sampleSize
    }

    /// - Parameter recentServiceSeconds: durations of recent services of the queue, newest first.
    public func estimateMinutes(peopleAhead: Int, recentServiceSeconds: [Double], openWindows: Int) -> Int {
        guard peopleAhead > 0 else { return 0 }
        let sample = recentServiceSeconds.prefix(max(sampleSize, 1))
        let meanMinutes = sample.isEmpty ? defaultServiceMinutes : sample.reduce(0, +) / Double(sample.count) / 60
        let minutes = Double(peopleAhead) * meanMinutes / Double(max(openWindows, 1))
        // Nearest minute (stored times carry millisecond noise), never 0 when someone is ahead;
        // a day at most, so odd stored durations cannot overflow.
        guard minutes.isFinite else { return 1 }
        return Int(min(max(minutes.rounded(), 1), 24 * 60))
    }
}
