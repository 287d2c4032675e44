import Foundation
import Testing
@testable import IntakeCore

/// R2 (seed 004 §8.2): slots on the working calendar, the booking code, check-in limits,
/// no-shows and the block they bring, and the appointment's place in the call order.
@Suite("Appointment rules", .timeLimit(.minutes(5)))
struct AppointmentRulesTests {
    // 国庆节 2026-10-01…07 (Thursday to Wednesday); Saturday 2026-10-10 is a make-up working day.
    let calendar = WorkingCalendar(years: [HolidayYear(
        year: 2026, holidays: [.init(name: "国庆节", from: CivilDay("2026-10-01")!, to: CivilDay("2026-10-07")!)],
        makeUpWorkdays: [CivilDay("2026-10-10")!])])
    let offer = AppointmentOffer(item: "resident-id-card-renewal", daysAhead: 7, slotMinutes: 30, capacity: 10,
                                 hours: OpeningHours(friday: [TimeBand("09:00-11:15")!]))
    let settings = AppointmentSettings()

    func day(_ s: String) -> CivilDay { CivilDay(s)! }
    func at(_ d: String, _ clock: String) -> HallTime {
        let hm = clock.split(separator: ":").compactMap { Int($0) }
        return HallTime(day: day(d), minute: hm[0] * 60 + hm[1])
    }

    @Test func twoPeriodsADayCutIntoSlots() {
        let slots = SlotSchedule.slots(of: offer, on: day("2026-10-12"), calendar: calendar)  // a Monday
        #expect(slots.count == 6 + 7)
        #expect(slots.first?.description == "09:00-09:30")
        #expect(slots.last?.description == "16:30-17:00")
        #expect(!slots.contains { $0.description == "12:00-12:30" })
    }

    @Test func aRemainderShorterThanASlotIsDropped() {
        let friday = SlotSchedule.slots(of: offer, on: day("2026-10-16"), calendar: calendar)
        #expect(friday.map(\.description) == ["09:00-09:30", "09:30-10:00", "10:00-10:30", "10:30-11:00"])
    }

    @Test func holidaysAndWeekendsHaveNoSlotsButAMakeUpWorkingDayHasMondaysHours() {
        #expect(SlotSchedule.slots(of: offer, on: day("2026-10-05"), calendar: calendar).isEmpty, "Monday in 国庆节")
        #expect(SlotSchedule.slots(of: offer, on: day("2026-10-17"), calendar: calendar).isEmpty, "an ordinary Saturday")
        let makeUp = SlotSchedule.slots(of: offer, on: day("2026-10-10"), calendar: calendar)
        #expect(makeUp == SlotSchedule.slots(of: offer, on: day("2026-10-12"), calendar: calendar))
        var own = offer
        own.hours.makeUpDay = [TimeBand("09:00-10:00")!]
        #expect(SlotSchedule.slots(of: own, on: day("2026-10-10"), calendar: calendar).count == 2)
    }

    @Test func supervisorClosuresRemoveHoursOrTheDay() {
        let monday = day("2026-10-12")
        let morning = AppointmentClosure(day: monday, band: TimeBand("09:00-10:15")!, offerID: offer.id, reason: "系统维护")
        let slots = SlotSchedule.slots(of: offer, on: monday, calendar: calendar, closures: [morning])
        #expect(slots.first?.description == "10:30-11:00", "10:00-10:30 overlaps the closed hours")
        let other = AppointmentClosure(day: monday, offerID: "another-item", reason: "x")
        #expect(SlotSchedule.slots(of: offer, on: monday, calendar: calendar, closures: [other]).count == 13)
        let allDay = AppointmentClosure(day: monday, reason: "停电")
        #expect(SlotSchedule.slots(of: offer, on: monday, calendar: calendar, closures: [allDay]).isEmpty)
        #expect(throws: BookingRefusal.slotClosed("closed: 停电")) {
            try SlotSchedule.checkBookable(offer, start: at("2026-10-12", "14:00"), now: at("2026-10-09", "08:00"),
                                           calendar: calendar, closures: [allDay])
        }
    }

    @Test func onlyFutureSlotsWithinTheDaysAheadCanBeBooked() throws {
        let now = at("2026-10-09", "09:10")
        #expect(try SlotSchedule.checkBookable(offer, start: at("2026-10-09", "09:30"), now: now, calendar: calendar, closures: []).description == "09:30-10:00")
        #expect(throws: BookingRefusal.self) { try SlotSchedule.checkBookable(offer, start: at("2026-10-09", "09:00"), now: now, calendar: calendar, closures: []) }
        #expect(throws: BookingRefusal.self) { try SlotSchedule.checkBookable(offer, start: at("2026-10-19", "09:00"), now: now, calendar: calendar, closures: []) }
        #expect(throws: BookingRefusal.self) { try SlotSchedule.checkBookable(offer, start: at("2026-10-12", "09:10"), now: now, calendar: calendar, closures: []) }
        #expect(throws: BookingRefusal.slotClosed("2026-10-05 is a public holiday (国庆节)")) {
            try SlotSchedule.checkBookable(offer, start: at("2026-10-05", "09:00"), now: at("2026-10-01", "09:00"), calendar: calendar, closures: [])
        }
    }

    @Test func bookingCodeIsShortAndItsCheckCatchesOneWrongOrTwoSwappedSymbols() {
        var random = SeededGenerator(seed: 42)
        var codes = Set<String>()
        for _ in 0..<300 {
            let code = BookingCode.make(using: &random)
            codes.insert(code)
            #expect(code.count == 8)
            #expect(code.allSatisfy { BookingCode.alphabet.contains($0) })
            #expect(BookingCode.normalized(code) == code)
            #expect(BookingCode.normalized(code.lowercased()) == code)
            let chars = Array(code)
            for i in chars.indices {
                for other in BookingCode.alphabet where other != chars[i] {
                    var wrong = chars; wrong[i] = other
                    #expect(BookingCode.normalized(String(wrong)) == nil, "\(String(wrong)) from \(code)")
                }
                for j in chars.indices where j > i && chars[i] != chars[j] {
                    var swapped = chars; swapped.swapAt(i, j)
                    #expect(BookingCode.normalized(String(swapped)) == nil, "\(String(swapped)) from \(code)")
                }
            }
        }
        #expect(codes.count == 300, "no repeats")
        var same = SeededGenerator(seed: 42)
        #expect(BookingCode.make(using: &same) == { var r = SeededGenerator(seed: 42); return BookingCode.make(using: &r) }())
        #expect(BookingCode.normalized("ABC") == nil)
    }

    func booking(_ d: String = "2026-10-12", _ slot: String = "09:00-09:30", state: BookingState = .booked) -> Booking {
        Booking(code: "X", offerID: offer.id, day: day(d), slot: TimeBand(slot)!, state: state, idNumber: "11010519491231002X",
                cardType: "residentCard", name: "张三", phone: "13800000000", bookedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func checkInBetweenTheEarlyAndLateLimits() {
        let b = booking()  // 09:00, defaults 30 min early and 15 late
        #expect(AppointmentRules.checkIn(b, at: at("2026-10-12", "08:29"), settings: settings) == .tooEarly(from: at("2026-10-12", "08:30")))
        #expect(AppointmentRules.checkIn(b, at: at("2026-10-12", "08:30"), settings: settings) == .appointmentTicket)
        #expect(AppointmentRules.checkIn(b, at: at("2026-10-12", "09:15"), settings: settings) == .appointmentTicket)
        #expect(AppointmentRules.checkIn(b, at: at("2026-10-12", "09:16"), settings: settings) == .walkInTicket)
        #expect(AppointmentRules.checkIn(b, at: at("2026-10-11", "09:00"), settings: settings) == .otherDay(day("2026-10-12")))
        #expect(AppointmentRules.checkIn(booking(state: .cancelled), at: at("2026-10-12", "09:00"), settings: settings) == .notActive(.cancelled))
        let wide = AppointmentSettings(earlyMinutes: 60, lateMinutes: 0)
        #expect(AppointmentRules.checkIn(b, at: at("2026-10-12", "08:00"), settings: wide) == .appointmentTicket)
        #expect(AppointmentRules.checkIn(b, at: at("2026-10-12", "09:01"), settings: wide) == .walkInTicket)
        // An early limit reaching back over midnight.
        let first = booking("2026-10-12", "00:10-00:40")
        #expect(AppointmentRules.checkIn(first, at: at("2026-10-11", "23:50"), settings: settings) == .otherDay(day("2026-10-12")))
        #expect(HallTime(day: day("2026-10-12"), minute: -20) == at("2026-10-11", "23:40"))
    }

    @Test func cancelBeforeOrDuringTheSlotNeverAfter() {
        let b = booking()  // 09:00-09:30
        #expect(AppointmentRules.mayCancel(b, at: at("2026-10-11", "18:00")))
        #expect(AppointmentRules.mayCancel(b, at: at("2026-10-12", "09:29")))
        #expect(!AppointmentRules.mayCancel(b, at: at("2026-10-12", "09:30")))
    }

    @Test func noShowAfterTheSlotEndPlusGraceOnAGivenClock() {
        let b = booking()  // ends 09:30, grace 15
        #expect(!AppointmentRules.isNoShow(b, at: at("2026-10-12", "09:44"), settings: settings))
        #expect(AppointmentRules.isNoShow(b, at: at("2026-10-12", "09:45"), settings: settings))
        #expect(AppointmentRules.isNoShow(b, at: at("2026-10-13", "08:00"), settings: settings))
        #expect(!AppointmentRules.isNoShow(booking(state: .checkedIn), at: at("2026-10-13", "08:00"), settings: settings))
    }

    @Test func noShowsWithinThePeriodBlockUntilANamedDay() {
        let policy = AppointmentSettings(noShowLimit: 2, noShowPeriodDays: 90, blockDays: 30)
        let today = day("2026-10-20")
        #expect(AppointmentRules.blockedUntil(noShowDays: [day("2026-10-12")], today: today, settings: policy) == nil)
        let two = [day("2026-09-01"), day("2026-10-12")]
        #expect(AppointmentRules.blockedUntil(noShowDays: two, today: today, settings: policy) == day("2026-11-12"))
        #expect(throws: BookingRefusal.bookingBlocked(until: day("2026-11-12"))) {
            try AppointmentRules.checkNotBlocked(noShowDays: two, today: today, settings: policy)
        }
        #expect(AppointmentRules.blockedUntil(noShowDays: two, today: day("2026-11-12"), settings: policy) == nil, "the block ends")
        let longAgo = [day("2026-05-01"), day("2026-10-12")]
        #expect(AppointmentRules.blockedUntil(noShowDays: longAgo, today: today, settings: policy) == nil, "outside the period")
        #expect(BookingRefusal.bookingBlocked(until: day("2026-11-12")).description.contains("2026-11-12"))
    }

    @Test func onlyABookedPlaceIsActive() {
        #expect(BookingState.allCases.filter(\.isActive) == [.booked])
        #expect(booking().matches(id4: "002x"))
        #expect(!booking().matches(id4: "1231"))
        #expect(BookingRefusal.alreadyBooked(day: day("2026-10-12"), slot: TimeBand("09:00-09:30")!).description.contains("2026-10-12"))
        #expect(BookingRefusal.slotFull(at("2026-10-12", "09:00")).code == "slot_full")
    }

    @Test func settingsProblemsAreLocated() throws {
        let catalog = try Catalog(items: [], bundles: [])
        let bad = AppointmentSettings(offers: [AppointmentOffer(item: "nope", slotMinutes: 30, capacity: 0,
                                                                hours: OpeningHours(monday: [TimeBand("09:00-09:20")!]))])
        let fields = bad.problems(against: catalog, file: "hall.json").map(\.field)
        #expect(fields.contains("item") && fields.contains("capacity") && fields.contains("hours.monday[0]"))
    }

    @Test func appointmentTicketRanksBehindThePriorityLaneAndAheadOfTheWalkInsOfItsQueue() {
        let window = ServiceWindow(id: "1", name: "综合窗口", kind: .comprehensive, queues: ["general", "one-thing"])
        func t(_ n: String, queue: String = "general", weight: Int = 0, issued: Double, code: String? = nil, target: String? = nil) -> Ticket {
            Ticket(id: n, number: n, queueID: queue, serviceDay: "2026-10-12", sequence: 0, weight: weight,
                   issuedAt: Date(timeIntervalSince1970: issued), targetWindowID: target, appointmentCode: code)
        }
        let waiting = [t("A001", issued: 1), t("B001", queue: "one-thing", issued: 2), t("A002", weight: 1, issued: 9),
                       t("B002", queue: "one-thing", issued: 8, code: "7QK2M9TX"), t("A003", issued: 3, target: "1")]
        // B002 goes ahead of B001, a walk-in of its queue; the window's first queue still comes first.
        #expect(CallOrder.rank(for: window, waiting).map(\.number) == ["A002", "A003", "A001", "B002", "B001"])
        let booked = waiting + [t("A004", issued: 10, code: "3HN8WQ2D")]
        #expect(CallOrder.rank(for: window, booked).map(\.number) == ["A002", "A003", "A004", "A001", "B002", "B001"])
    }
}

/// A deterministic random source (xorshift64*) so the codes of a test are the same each run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}
