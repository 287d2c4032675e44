import Foundation
import GRDB
import IntakeStore

/// Whether the hall can take work (`/readyz`): the store commits a write, and the data
/// directory's disk has more free space than the threshold. A full disk makes the hall not
/// ready before a ticket fails on it, and the kiosk shows a clean message.
public struct Readiness: Sendable {
    public let dataDirectory: String?
    public let minimumFreeBytes: Int64

    public init(dataDirectory: String? = nil, minimumFreeBytes: Int64 = 200 << 20) {
        self.dataDirectory = dataDirectory; self.minimumFreeBytes = minimumFreeBytes
    }

    public struct Report: Encodable, Sendable {
        public var ready: Bool
        public var storeWritable: Bool
        public var freeBytes: Int64?
        public var minimumFreeBytes: Int64
        public var problems: [String]
    }

    public func check(_ writer: any DatabaseWriter) async -> Report {
        let writable = await HallDatabase.isWritable(writer)
        var problems: [String] = []
        if !writable { problems.append("the hall database does not accept writes") }
        var free: Int64?
        if let dataDirectory, let attributes = try? FileManager.default.attributesOfFileSystem(forPath: dataDirectory),
           let bytes = (attributes[.systemFreeSize] as? NSNumber)?.int64Value {
            free = bytes
            if bytes < minimumFreeBytes { problems.append("only \(bytes >> 20) MiB free on the data disk (below \(minimumFreeBytes >> 20) MiB)") }
        }
        return Report(ready: problems.isEmpty, storeWritable: writable, freeBytes: free, minimumFreeBytes: minimumFreeBytes, problems: problems)
    }
}
