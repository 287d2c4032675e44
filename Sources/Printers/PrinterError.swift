import DeviceSupport

/// Why a printer could not take a job or answer, worded for the kiosk screen and the
/// technician (R8: the hall keeps working and says what is wrong). The connection faults
/// are the devices' shared ones (``DeviceFault``).
public enum PrinterError: DeviceError {
    case device(DeviceFault)
    /// The printer answered, but cannot print now (paper out, cover open…).
    case notReady(String)
    case queueFull(capacity: Int)

    public var fault: DeviceFault? { if case .device(let fault) = self { fault } else { nil } }

    /// A short reason code for the API.
    public var code: String {
        switch self {
        case .device(let fault): fault.code
        case .notReady: "not_ready"
        case .queueFull: "queue_full"
        }
    }

    public var description: String {
        switch self {
        case .device(let fault): fault.description(for: "printer")
        case .notReady(let s): "printer cannot print: \(s)"
        case .queueFull(let n): "the print queue is full (\(n) jobs waiting)"
        }
    }
}
