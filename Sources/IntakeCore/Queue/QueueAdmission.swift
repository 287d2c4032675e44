/// Whether a queue may issue one more ticket now: opening hours, daily cap, band caps.
public enum QueueAdmission {
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case closed(queue: String, hours: [TimeBand])
        case dailyCapReached(queue: String, cap: Int)
        case bandCapReached(queue: String, band: TimeBand, cap: Int)

        public var description: String {
            switch self {
            case .closed(let queue, let hours):
                "queue \(queue) is closed now; opening hours \(hours.map(\.description).joined(separator: ", "))"
            case .dailyCapReached(let queue, let cap):
                "queue \(queue) has issued all \(cap) tickets of today"
            case .bandCapReached(let queue, let band, let cap):
                "queue \(queue) has issued all \(cap) tickets of the \(band) band"
            }
        }
    }

    /// The band cap in force at a minute of the day, if any.
    public static func bandCap(of queue: ServiceQueue, at minuteOfDay: Int) -> BandCap? {
        queue.bandCaps.first { $0.band.contains(minuteOfDay: minuteOfDay) }
    }

    /// - Parameters:
    ///   - issuedToday: tickets of this queue issued on the current service day.
    ///   - issuedInBand: tickets issued in the band returned by ``bandCap(of:at:)``.
    public static func check(
        _ queue: ServiceQueue, minuteOfDay: Int, issuedToday: Int, issuedInBand: Int
    ) throws(Refusal) {
        if !queue.hours.isEmpty && !queue.hours.contains(where: { $0.contains(minuteOfDay: minuteOfDay) }) {
            throw .closed(queue: queue.name, hours: queue.hours)
        }
        if let cap = queue.dailyCap, issuedToday >= cap {
            throw .dailyCapReached(queue: queue.name, cap: cap)
        }
        if let band = bandCap(of: queue, at: minuteOfDay), issuedInBand >= band.cap {
            throw .bandCapReached(queue: queue.name, band: band.band, cap: band.cap)
        }
    }
}
