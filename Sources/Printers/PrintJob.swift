import EscPos
import Foundation

/// One thing to print: a ticket, a notice, a reprint.
public struct PrintJob: Sendable, Identifiable {
    public var id: String
    /// What it is, for logs and the technician (`ticket B001`, `reprint ticket B001`).
    public var title: String
    public var bytes: [UInt8]

    public init(id: String = UUID().uuidString.lowercased(), title: String, bytes: [UInt8]) {
        self.id = id
        self.title = title
        self.bytes = bytes
    }
}

/// Where a job is.
public enum PrintJobState: Sendable, Equatable {
    case queued
    case printing
    case printed
    case failed(PrinterError)
    /// The driver knows no such job (never submitted, or long forgotten).
    case unknown

    public var isFinished: Bool {
        switch self {
        case .printed, .failed, .unknown: true
        case .queued, .printing: false
        }
    }

    public var name: String {
        switch self {
        case .queued: "queued"
        case .printing: "printing"
        case .printed: "printed"
        case .failed: "failed"
        case .unknown: "unknown"
        }
    }
}

/// A printer as the technician sees it (`onevisit devices`, `GET /api/v1/devices`).
public struct PrinterReport: Sendable, Codable, Equatable {
    public var id: String
    public var location: String
    public var simulated: Bool
    public var paperWidth: Int
    /// False for a printer left to another client (`"drive": false`): watched, never opened.
    public var driven: Bool
    /// The last contact worked (never for a printer the daemon does not drive).
    public var connected: Bool
    /// `absent`, `ready`, `busy`, `degraded` or `failed` (``DeviceState``), and why.
    public var state: String
    public var stateReason: String?
    public var bidirectional: Bool
    public var status: PrinterStatus?
    /// What stops it printing, or nil when it can print (as far as it is known).
    public var problem: String?
    public var queued: Int
    public var printed: Int
    public var failed: Int
    public var lastContact: Date?
    public var lastError: String?
}
