import Foundation
import GRDB
import Testing
import TestSupport
@testable import IntakeStore

/// Dates and ticket identifiers as the writer binds them (issue 16): the fast text must be
/// byte for byte GRDB's, or queries comparing stored dates would misorder rows written
/// before and after; identifiers must stay UUIDs that sort by time.
@Suite("Stored dates and time-ordered identifiers")
struct StoredDateTests {
    func grdbText(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

    @Test("the text is GRDB's own for random instants from 1600 to 9999, and near the millisecond edges")
    func sameTextAsGRDB() {
        var generator = SeededGenerator()
        var instants: [Double] = [0, -0.0005, -1, 0.9995, 978_307_200, 1_796_601_600.9999999, 253_402_300_799.999]
        for _ in 0..<20_000 { instants.append(Double.random(in: -11_644_473_600...253_402_300_799, using: &generator)) }
        for _ in 0..<5_000 {
            // Whole milliseconds plus or minus a hair: where truncation and rounding part.
            let millisecond = Double(Int64.random(in: 1_500_000_000_000...1_900_000_000_000, using: &generator))
            instants += [(millisecond - 0.000_001) / 1000, millisecond / 1000, (millisecond + 0.000_001) / 1000]
        }
        var differing: [String] = []
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            let fast = String.fromDatabaseValue(StoredDate(date).databaseValue)
            if fast != grdbText(date) { differing.append("seed \(generator.seed), \(instant): \(fast ?? "nil") vs \(grdbText(date) ?? "nil")") }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    @Test("dates outside 1600…9999 are left to GRDB's formatter")
    func outsideTheRange() {
        for instant in [-12_000_000_000.0, 253_402_300_800, -62_135_596_800] {
            let date = Date(timeIntervalSince1970: instant)
            #expect(StoredDate.text(of: date) == nil)
            #expect(StoredDate(date).databaseValue == date.databaseValue)
        }
    }

    @Test("a ticket identifier is a version-7 UUID whose text sorts by its instant")
    func timeOrdered() throws {
        var generator = SeededGenerator()
        let start = Date(timeIntervalSince1970: 1_796_601_600)
        // Two milliseconds apart, half a millisecond in, clear of the edges where a double rounds.
        let ids = (0..<2_000).map { TimeOrderedID.make(at: Date(timeIntervalSince1970: Double(1_796_601_600_000 + 2 * $0) / 1000 + 0.0005), using: &generator) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(50) {
            let uuid = try #require(UUID(uuidString: id))
            #expect(id == id.lowercased())
            #expect(uuid.uuid.6 >> 4 == 7)
            #expect(uuid.uuid.8 >> 6 == 0b10)
        }
        // The first 48 bits are the Unix milliseconds.
        #expect(ids[0].replacingOccurrences(of: "-", with: "").prefix(12)
            == String(UInt64(1_796_601_600_000), radix: 16).leftPadded(to: 12))
        // Two made in the same millisecond still differ.
        #expect(TimeOrderedID.make(at: start) != TimeOrderedID.make(at: start))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
