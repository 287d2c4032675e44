import ArgumentParser
import IntakeStore

/// The `--head SEQUENCE:HASH` options: heads printed in daily reports (档案链末条).
enum ReportedHeads {
    static func parse(_ texts: [String]) throws -> [ArchiveAnchor.Head] {
        try texts.map { text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0,
                  parts[1].count == 64, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                printError("onevisit: --head \(text): expected SEQUENCE:HASH, the entry number and its 64 hex digits as the report prints them")
                throw ExitCode(2)
            }
            return ArchiveAnchor.Head(sequence: sequence, hash: String(parts[1]))
        }
    }
}
