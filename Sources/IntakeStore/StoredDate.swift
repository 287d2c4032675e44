import Foundation
import GRDB
import IntakeCore

/// A date bound into a statement as exactly the text GRDB stores for a `Date`
/// ("yyyy-MM-dd HH:mm:ss.SSS" in UTC, to the nearest millisecond as Foundation rounds), written without
/// a `DateFormatter`: ICU's formatter was a sixth of the one writer's time under wrk, for
/// the three dates every ticket stores or compares (issue 16). Dates outside years
/// 1600…9999 (ICU's calendar is Julian before 1582) go through GRDB's own formatter. `StoredDateTests` compares both on random dates.
struct StoredDate: DatabaseValueConvertible {
    let date: Date

    init(_ date: Date) { self.date = date }

    var databaseValue: DatabaseValue {
        guard let text = Self.text(of: date) else { return date.databaseValue }
        return text.databaseValue
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        Date.fromDatabaseValue(dbValue).map(StoredDate.init)
    }

    /// The stored text, or nil outside years 1600…9999.
    static func text(of date: Date) -> String? {
        // CFDateFormatter hands ICU the instant rounded to the nearest millisecond.
        let scaled = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)
        guard scaled.isFinite, abs(scaled) < 300_000_000_000_000 else { return nil }
        let milliseconds = Int64(scaled)
        let perDay: Int64 = 86_400_000
        let days = milliseconds >= 0 ? milliseconds / perDay : (milliseconds - perDay + 1) / perDay
        let inDay = Int(milliseconds - days * perDay)
        guard abs(days) < 3_000_000 else { return nil }
        let civil = CivilDay(ordinal: Int(days))
        guard (1600...9999).contains(civil.year) else { return nil }
        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = 0x30 + UInt8(value % 10); value /= 10
            }
        }
        put(civil.year, 4, at: 0); bytes[4] = 0x2D; put(civil.month, 2, at: 5); bytes[7] = 0x2D; put(civil.day, 2, at: 8)
        bytes[10] = 0x20
        put(inDay / 3_600_000, 2, at: 11); bytes[13] = 0x3A; put(inDay / 60_000 % 60, 2, at: 14); bytes[16] = 0x3A
        put(inDay / 1000 % 60, 2, at: 17); bytes[19] = 0x2E; put(inDay % 1000, 3, at: 20)
        return String(decoding: bytes, as: UTF8.self)
    }
}
