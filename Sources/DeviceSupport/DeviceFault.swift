import Glibc

/// The one vocabulary of what goes wrong between the daemon and a device of any kind
/// (R8: the hall keeps working and tells the technician what is wrong). Each kind's error
/// carries one of these for the connection and adds only what is its own (paper out, a
/// broken SAM frame, a frame that is not a JPEG).
public enum DeviceFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing at the configured place: unplugged, switched off, or a wrong path.
    case notConnected(String)
    /// The device went away while in use (cable pulled).
    case disconnected(String)
    case permissionDenied(String)
    /// Another program holds the device.
    case busy(String)
    case timeout(String)
    case io(String)

    /// A short reason code for the API.
    public var code: String {
        switch self {
        case .notConnected: "not_connected"
        case .disconnected: "disconnected"
        case .permissionDenied: "permission_denied"
        case .busy: "busy"
        case .timeout: "timeout"
        case .io: "transport_error"
        }
    }

    /// Whether the fault says the device is not there (as opposed to there and failing).
    public var meansAbsent: Bool {
        switch self {
        case .notConnected, .disconnected: true
        default: false
        }
    }

    public var description: String { description(for: "device") }

    /// Worded for the technician, with the kind of device in it (`printer`, `ID reader`…).
    public func description(for noun: String) -> String {
        switch self {
        case .notConnected(let s): "no \(noun) at \(s) (unplugged, switched off, or a wrong path in the devices file)"
        case .disconnected(let s): "\(noun) disconnected: \(s)"
        case .permissionDenied(let s): "no permission to open the \(noun) \(s): install udev/60-onevisit.rules or add the daemon's user to the onevisit group"
        case .busy(let s): "\(noun) busy: \(s)"
        case .timeout(let s): "\(noun) did not answer in time: \(s)"
        case .io(let s): "\(noun) error: \(s)"
        }
    }

    /// Why `open(2)` of `path` failed, from its errno.
    public static func opening(_ path: String, errno code: Int32) -> DeviceFault {
        switch code {
        case ENOENT, ENXIO, ENODEV: .notConnected(path)
        case EACCES, EPERM: .permissionDenied(path)
        case EBUSY: .busy("\(path) is in use by another program")
        default: .io("\(path): \(String(cString: strerror(code)))")
        }
    }

    /// Why I/O on an open device failed, from its errno: the errors a pulled cable gives
    /// mean the device is gone; the rest are plain I/O errors.
    public static func using(_ path: String, errno code: Int32, doing what: String) -> DeviceFault {
        let reason = "\(path): \(String(cString: strerror(code)))" + (what.isEmpty ? "" : " while \(what)")
        return code == EIO || code == ENODEV || code == EPIPE || code == ENXIO ? .disconnected(reason) : .io(reason)
    }
}
