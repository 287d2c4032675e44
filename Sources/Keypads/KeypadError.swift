import DeviceSupport

/// Why a keypad cannot be read, in words a technician can act on: the devices' shared
/// connection faults (``DeviceFault``), worded for a keypad.
public enum KeypadError: DeviceError {
    case device(DeviceFault)

    public var fault: DeviceFault? { if case .device(let fault) = self { fault } else { nil } }

    public var code: String { fault?.code ?? "transport_error" }

    public var description: String {
        switch self {
        case .device(let fault): fault.description(for: "keypad")
        }
    }
}
