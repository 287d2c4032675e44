import IDCard

/// Why a reader could not deliver a card, for the kiosk screen and the technician.
public enum ReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    case notConnected(String)
    case disconnected(String)
    case permissionDenied(String)
    case timeout(String)
    /// Bytes came back that are not a good frame.
    case frame(SAMFrame.DecodeError)
    /// The reader or its SAM answered with an error status.
    case status(SAMStatus, during: String)
    /// The card's data did not make a consistent identity.
    case card(IdentityError)
    case transport(String)

    public var code: String {
        switch self {
        case .notConnected: "not_connected"
        case .disconnected: "disconnected"
        case .permissionDenied: "permission_denied"
        case .timeout: "timeout"
        case .frame: "bad_frame"
        case .status: "reader_status"
        case .card: "bad_card"
        case .transport: "transport_error"
        }
    }

    public var description: String {
        switch self {
        case .notConnected(let s): "ID reader not connected: \(s)"
        case .disconnected(let s): "ID reader disconnected: \(s)"
        case .permissionDenied(let s): "no permission to use the ID reader: \(s) (is the daemon in the onevisit group?)"
        case .timeout(let s): "ID reader did not answer in time: \(s)"
        case .frame(let e): "ID reader sent a broken frame: \(e)"
        case .status(let s, let during): "ID reader refused \(during): \(s)"
        case .card(let e): "the card could not be read: \(e)"
        case .transport(let s): "ID reader error: \(s)"
        }
    }
}
