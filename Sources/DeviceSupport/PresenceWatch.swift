import Glibc

/// Watching a device the daemon does not open (`"drive": false`: left to another client,
/// such as a vendor's test tool): only whether its node is there, looked at again at every
/// hotplug nudge and every `interval`.
public enum PresenceWatch {
    /// Whether a node (or the link to one) is there now.
    public static func exists(_ path: String) -> Bool { !path.isEmpty && access(path, F_OK) == 0 }

    /// Calls `seen` with the node's presence at the start, at each nudge and every
    /// `interval`, until cancellation or graceful shutdown.
    public static func run(path: String, wakeup: DeviceWakeup, interval: Duration, isolation: isolated (any Actor)? = #isolation,
                           seen: (Bool) -> Void) async {
        while ReopenLoop.isRunning {
            seen(exists(path))
            await wakeup.pause(for: interval)
        }
    }
}
