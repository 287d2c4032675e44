/// A printer's state from its DLE EOT 1–4 replies (devices.md B.2; Epson's DLE EOT
/// reference). Every reply byte has bits 1 and 4 set and bits 0 and 7 clear; a byte that
/// does not is not a status reply.
public struct PrinterStatus: Sendable, Equatable, Codable {
    public var online = true
    public var coverOpen = false
    public var paperNearEnd = false
    public var paperOut = false
    public var cutterError = false
    public var unrecoverableError = false

    public init(online: Bool = true, coverOpen: Bool = false, paperNearEnd: Bool = false, paperOut: Bool = false,
                cutterError: Bool = false, unrecoverableError: Bool = false) {
        self.online = online
        self.coverOpen = coverOpen
        self.paperNearEnd = paperNearEnd
        self.paperOut = paperOut
        self.cutterError = cutterError
        self.unrecoverableError = unrecoverableError
    }

    public static let ready = PrinterStatus()

    /// Whether a job may be sent now.
    public var canPrint: Bool { online && !coverOpen && !paperOut && !cutterError && !unrecoverableError }

    /// Why the printer cannot print, for the kiosk screen and the technician, or nil.
    public var problem: String? {
        if paperOut { return "paper out" }
        if coverOpen { return "cover open" }
        if cutterError { return "cutter error" }
        if unrecoverableError { return "unrecoverable error" }
        if !online { return "offline" }
        return nil
    }

    public static func isStatusByte(_ byte: UInt8) -> Bool { byte & 0x93 == 0x12 }

    /// Folds one reply into the status; false when the byte is not a status reply.
    @discardableResult
    public mutating func apply(_ byte: UInt8, for kind: StatusKind) -> Bool {
        guard Self.isStatusByte(byte) else { return false }
        switch kind {
        case .printer:
            online = byte & 0x08 == 0
        case .offlineCause:
            coverOpen = byte & 0x04 != 0
            if byte & 0x20 != 0 { paperOut = true }
        case .errorCause:
            cutterError = byte & 0x08 != 0
            unrecoverableError = byte & 0x20 != 0
        case .paper:
            paperNearEnd = byte & 0x0C != 0
            paperOut = byte & 0x60 != 0
        }
        return true
    }

    /// The reply a printer in this state gives to one DLE EOT request (for the simulator).
    public func reply(to kind: StatusKind) -> UInt8 {
        switch kind {
        case .printer: 0x12 | (online ? 0 : 0x08)
        case .offlineCause: 0x12 | (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (unrecoverableError || cutterError ? 0x40 : 0)
        case .errorCause: 0x12 | (cutterError ? 0x08 : 0) | (unrecoverableError ? 0x20 : 0)
        case .paper: 0x12 | (paperNearEnd ? 0x0C : 0) | (paperOut ? 0x60 : 0)
        }
    }
}
