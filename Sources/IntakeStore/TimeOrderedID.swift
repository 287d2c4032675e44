import Foundation

/// Ticket identifiers as UUID version 7 (RFC 9562 §5.7): the first 48 bits are the issue
/// time in Unix milliseconds, the remaining 74 are random. A version-4 UUID put every new
/// ticket, and each of its events (`ticketEvent_ticket`), at a random place in its index,
/// so every commit rewrote a random page per row; time-ordered keys land at the index's
/// right edge (issue 16, WAL writes under wrk). The text form is the same lower-case UUID,
/// and 74 random bits keep an identifier unguessable.
public enum TimeOrderedID {
    /// A new identifier for something made at `instant`.
    public static func make(at instant: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: instant, using: &generator)
    }

    static func make(at instant: Date, using generator: inout some RandomNumberGenerator) -> String {
        let milliseconds = UInt64(max(0, (instant.timeIntervalSince1970 * 1000).rounded(.down)))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        let random = generator.next() as UInt64, more = generator.next() as UInt64
        for index in 6..<16 {
            let source = index < 14 ? random >> (8 * UInt64(index - 6)) : more >> (8 * UInt64(index - 14))
            bytes[index] = UInt8(truncatingIfNeeded: source)
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0F) // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F) // variant 10
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }
}
