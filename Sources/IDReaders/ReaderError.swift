import DeviceSupport
import IDCard

/// Why a reader could not deliver a card, for the kiosk screen and the technician. The
/// connection faults are the devices' shared ones (``DeviceFault``).
public enum ReaderError: DeviceError {
    case device(DeviceFault)
    /// Bytes came back that are not a good frame.
    case frame(SAMFrame.DecodeError)
    /// The reader or its SAM answered with an error status.
    case status(SAMStatus, during: String)
    /// The card's data did not make a consistent identity.
    case card(IdentityError)

    public var fault: DeviceFault? { if case .device(let fault) = self { fault } else { nil } }

    public var code: String {
        switch self {
        case .device(let fault): fault.code
        case .frame: "bad_frame"
        case .status: "reader_status"
        case .card: "bad_card"
        }
    }

    public var description: String {
        switch self {
        case .device(let fault): fault.description(for: "ID reader")
        case .frame(let e): "ID reader sent a broken frame: \(e)"
        case .status(let s, let during): "ID reader refused \(during): \(s)"
        case .card(let e): "the card could not be read: \(e)"
        }
    }
}
