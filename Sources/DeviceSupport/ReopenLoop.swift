import ServiceLifecycle

/// The open–read–reopen loop of every driver: a session opens the device and serves it
/// until it fails; a device that would not open is tried again after a backoff, which a
/// hotplug nudge cuts short; one that was open and went away is tried again at once. Ends
/// at cancellation or graceful shutdown.
public struct ReopenLoop: Sendable {
    /// How a session ended.
    public enum Outcome: Sendable, Equatable {
        /// The device did not open (or failed before it served): wait, then try again.
        case notOpened
        /// The device was open and served, then went away: try again at once.
        case lost
    }

    public var backoff: Backoff
    public let wakeup: DeviceWakeup

    public init(backoff: Backoff = Backoff(), wakeup: DeviceWakeup = DeviceWakeup()) {
        self.backoff = backoff
        self.wakeup = wakeup
    }

    public static var isRunning: Bool { !Task.isCancelled && !Task.isShuttingDownGracefully }

    public mutating func run(isolation: isolated (any Actor)? = #isolation, session: () async -> Outcome) async {
        while Self.isRunning {
            switch await session() {
            case .lost:
                backoff.reset()
            case .notOpened:
                await wakeup.pause(for: backoff.next())
            }
        }
    }
}
