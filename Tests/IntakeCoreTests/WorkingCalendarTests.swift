import Foundation
import HallServer
import IntakeCore
import Testing

@Suite(.timeLimit(.minutes(5)))
/// Working days on a fixture calendar of 2026 alone (the demo hall's 2026 file, and no
/// other year whatever the demo ships later): weekends, public holidays and make-up days.
struct WorkingCalendarTests {
    static let calendar: WorkingCalendar = {
        let demo = (HallFiles.demoLayoutPath as NSString).deletingLastPathComponent + "/calendar"
        return try! HallFiles.loadCalendar(["2026.json"], relativeTo: demo)
    }()

    func day(_ s: String) -> CivilDay { CivilDay(s)! }

    @Test func civilDayArithmetic() {
        #expect(day("2026-12-01").weekday == 2)  // a Tuesday
        #expect(day("2026-02-28").adding(days: 1) == day("2026-03-01"))
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(CivilDay(ordinal: day("1999-12-31").ordinal) == day("1999-12-31"))
        #expect(CivilDay("2026-02-30") == nil)
        #expect(CivilDay("2026-2-3") == nil)
    }

    @Test func plainWeekSkipsTheWeekend() {
        // Friday + 5 working days = next Friday.
        #expect(Self.calendar.adding(workingDays: 5, to: day("2026-11-27")) == day("2026-12-04"))
        #expect(Self.calendar.adding(workingDays: 0, to: day("2026-11-27")) == day("2026-11-27"))
    }

    @Test func holidaysAreSkipped() {
        // Thursday before 中秋 (09-25..27) and 国庆 (10-01..07): 28, 29, 30, then 10-08, 10-09.
        #expect(Self.calendar.adding(workingDays: 5, to: day("2026-09-24")) == day("2026-10-09"))
        #expect(Self.calendar.holiday(on: day("2026-10-05")) == "国庆节")
        #expect(!Self.calendar.isWorkingDay(day("2026-09-25")))  // a Friday, but 中秋节
    }

    @Test func makeUpWorkdayCounts() {
        // Saturday 10-10 is a make-up working day: Friday 10-09 + 1 = Saturday.
        #expect(Self.calendar.isWorkingDay(day("2026-10-10")))
        #expect(Self.calendar.adding(workingDays: 1, to: day("2026-10-09")) == day("2026-10-10"))
        #expect(Self.calendar.adding(workingDays: 5, to: day("2026-10-09")) == day("2026-10-15"))
        #expect(Self.calendar.workingDays(after: day("2026-10-09"), through: day("2026-10-15")) == 5)
    }

    /// Every holiday file the demo ships keeps the rules of its own year, whatever the year:
    /// each holiday falls in it, none overlaps another, make-up days are weekend days off no holiday.
    @Test func shippedHolidayFilesKeepTheirOwnRules() throws {
        let dir = (HallFiles.demoLayoutPath as NSString).deletingLastPathComponent + "/calendar"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let year = try JSONDecoder().decode(HolidayYear.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/" + file)))
            #expect(file == "\(year.year).json")
            #expect(year.problems(file: file).isEmpty, "\(year.problems(file: file))")
        }
        // The rules do catch an overlap and a holiday outside its year.
        let wrong = HolidayYear(year: 2026, holidays: [.init(name: "国庆节", from: day("2026-10-01"), to: day("2026-10-07")),
                                                       .init(name: "中秋节", from: day("2026-10-06"), to: day("2026-10-08")),
                                                       .init(name: "元旦", from: day("2027-01-01"), to: day("2027-01-03"))],
                                makeUpWorkdays: [])
        let found = wrong.problems(file: "2026.json").map(\.description)
        #expect(found.contains { $0.contains("中秋节") && $0.contains("earlier holiday") }, "\(found)")
        #expect(found.contains { $0.contains("元旦") && $0.contains("no day of it falls in 2026") }, "\(found)")
    }

    /// The fixture has no 2027 file, so 2027 counts weekends only and is reported as such.
    @Test func yearWithoutAFileCountsWeekendsOnlyAndSaysSo() {
        #expect(Self.calendar.uncoveredYears(from: day("2026-12-20"), through: day("2027-01-10")) == [2027])
        #expect(Self.calendar.isWorkingDay(day("2027-01-01")))  // unknown holiday: a Friday is a working day
    }

    @Test func brokenHolidayFileIsNamedByEntryAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-cal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"year": 2026, "holidays": [{"name": "国庆节", "from": "2026-10-07", "to": "2026-10-01"}], "makeUpWorkdays": ["2026-10-12"]}"#
            .write(toFile: dir + "/2026.json", atomically: true, encoding: .utf8)
        try #"{"year": 2026, "holidays": [{"name": "x", "from": "2026-13-01", "to": "2026-10-01"}], "makeUpWorkdays": []}"#
            .write(toFile: dir + "/bad-date.json", atomically: true, encoding: .utf8)
        #expect { try HallFiles.loadCalendar(["2026.json"], relativeTo: dir) } throws: { error in
            let text = "\(error)"
            return text.contains("holidays[0] (国庆节)") && text.contains("to") && text.contains("makeUpWorkdays[0]")
        }
        #expect { try HallFiles.loadCalendar(["bad-date.json"], relativeTo: dir) } throws: { "\($0)".contains("2026-13-01") }
        #expect { try HallFiles.loadCalendar(["missing.json"], relativeTo: dir) } throws: { "\($0)".contains("no such file") }
    }
}
