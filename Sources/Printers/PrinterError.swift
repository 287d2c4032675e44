/// Why a printer could not take a job or answer, worded for the kiosk screen and the
/// technician (R8: the hall keeps working and says what is wrong).
public enum PrinterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing at the configured place: unplugged, switched off, or a wrong path.
    case notConnected(String)
    /// The device went away during the job (USB cable pulled).
    case disconnected(String)
    case permissionDenied(String)
    case busy(String)
    case timeout(String)
    /// The printer answered, but cannot print now (paper out, cover open…).
    case notReady(String)
    case queueFull(capacity: Int)
    case transport(String)

    /// A short reason code for the API.
    public var code: String {
        switch self {
        case .notConnected: "not_connected"
        case .disconnected: "disconnected"
        case .permissionDenied: "permission_denied"
        case .busy: "busy"
        case .timeout: "timeout"
        case .notReady: "not_ready"
        case .queueFull: "queue_full"
        case .transport: "transport_error"
        }
    }

    public var description: String {
        switch self {
        case .notConnected(let s): "printer not connected: \(s)"
        case .disconnected(let s): "printer disconnected: \(s)"
        case .permissionDenied(let s): "no permission to use the printer: \(s) (is the daemon in the onevisit group? see udev/60-onevisit.rules)"
        case .busy(let s): "printer busy: \(s)"
        case .timeout(let s): "printer did not respond in time: \(s)"
        case .notReady(let s): "printer cannot print: \(s)"
        case .queueFull(let n): "the print queue is full (\(n) jobs waiting)"
        case .transport(let s): "printer error: \(s)"
        }
    }
}
