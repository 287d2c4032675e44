/// How long to wait before opening a missing device again: doubling from `initial` up to
/// `maximum`, reset once the device opens. A hotplug event (``DeviceWakeup``) cuts a wait
/// short, so a long backoff never delays a replugged device.
public struct Backoff: Sendable, Equatable {
    public let initial: Duration
    public let maximum: Duration
    private var upcoming: Duration

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        upcoming = initial
    }

    /// The next wait; each one after it is twice as long, up to `maximum`.
    public mutating func next() -> Duration {
        defer { upcoming = min(upcoming * 2, maximum) }
        return upcoming
    }

    public mutating func reset() { upcoming = initial }
}
