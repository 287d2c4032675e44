/// Why a keypad cannot be read, in words a technician can act on.
public enum KeypadError: Error, Sendable, Equatable, CustomStringConvertible {
    case notConnected(String)
    case permissionDenied(String)
    /// Another program holds the input device (EVIOCGRAB failed with EBUSY).
    case busy(String)
    case disconnected(String)
    case io(String)

    public var description: String {
        switch self {
        case .notConnected(let path): "no keypad at \(path) (unplugged, or a wrong path in the devices file)"
        case .permissionDenied(let path): "no permission to open \(path): install udev/60-onevisit.rules or add the daemon's user to the device's group"
        case .busy(let path): "\(path) is grabbed by another program; key presses would leak to the screen"
        case .disconnected(let reason): "keypad disconnected: \(reason)"
        case .io(let reason): reason
        }
    }
}
