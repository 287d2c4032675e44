import ArgumentParser
import Foundation
import HallServer
import IntakeCore

/// `onevisit simulate day --citizens 800 --seed 7` (issue 15, "a simulated hall day"): drives
/// a running simulated hall through a day of citizens, every one through the routes the
/// kiosk and the consoles use, then prints the day's figures from its supervision report,
/// with the wait estimate's errors against the naive estimator. Run the daemon with
/// `--simulate --clock-start 2026-12-07T08:30:00+08:00 --clock-speed 60` for a day in nine minutes.
struct SimulateDay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day", abstract: "Run a simulated hall day of citizens through a simulated daemon, then print its figures.")

    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: "How many citizens come in the day.")
    var citizens = 800

    @Option(name: .long, help: "The seed of the day: the same seed gives the same citizens.")
    var seed: UInt64 = 7

    @Option(name: .long, help: "The windows staffed, by id (clerkN signs in at window N). Default: every comprehensive and special window.")
    var windows: String?

    @Option(name: .customLong("real-name-share"), help: "The share of citizens who take their ticket with an ID card on the kiosk's reader.")
    var realNameShare = 0.2

    @Option(name: .long, help: "Complaints filed during the day (default one per 200 citizens, at least one).")
    var complaints: Int?

    @Option(name: .long, help: "The demo accounts' password.")
    var password = DemoAccounts.password

    @Option(name: .customLong("new-clerk-password"),
            help: "A window with no demo clerk gets one, clerkN, made by admin1 with this password (8 characters or more).")
    var newClerkPassword = "simulated-day"

    @Option(name: .customLong("kiosk-token"), help: "The kiosk's device token.")
    var kioskToken = DemoAccounts.kioskToken

    @Flag(name: .customLong("no-paper"), help: "Tickets without paper (the kiosk printer is not used).")
    var noPaper = false

    func validate() throws {
        guard (1...5000).contains(citizens) else { throw ValidationError("--citizens \(citizens): give 1 to 5000") }
        if let windows, windowIDs(windows).isEmpty { throw ValidationError("--windows: name at least one window, e.g. 1,2,3") }
        guard (0...1).contains(realNameShare) else { throw ValidationError("--real-name-share \(realNameShare): give 0 to 1") }
        guard newClerkPassword.count >= 8 else { throw ValidationError("--new-clerk-password: 8 characters or more") }
        if let complaints, complaints < 0 { throw ValidationError("--complaints \(complaints): give 0 or more") }
    }

    func windowIDs(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        try await reportingFailures {
            let base = server.resolvedServer
            let hall = try decode(DayViews.Hall.self, from: try await HallClient(baseURL: base).get("/api/v1/hall"))
            let timeline = HallTimeline(hall: hall)
            if timeline.secondOfDay >= DayPlan.closing {
                throw CLIFailure.local("the hall's clock is at \(Self.clockText(timeline)), past the closing at 17:30: "
                    + "start the daemon with --simulate --clock-start \(timeline.day(of: timeline.now))T08:30:00\(Self.offset(timeline)) --clock-speed 60 (or a later day)")
            }
            if timeline.secondOfDay > DayPlan.opening + 600 {
                // A day begun late still runs: the citizens due before now come at once.
                printError("simulate day: the hall's clock is at \(Self.clockText(timeline)), past the opening at 08:30: "
                    + "the citizens due before now come at once (--clock-start 08:30 on the daemon avoids it)")
            }
            if hall.clockSpeed < 2 { printError("simulate day: the hall's clock runs at real speed, so the day takes nine hours (--clock-speed 60 on the daemon runs it in nine minutes)") }
            let date = timeline.day(of: timeline.now)
            let day = try await runDay(base: base, timeline: timeline)
            try await printFigures(day: day, date: date, base: base)
        }
    }

    private func runDay(base: String, timeline: HallTimeline) async throws -> DayTally {
        let plan = DayPlan.make(citizens: citizens, seed: seed, realNameShare: realNameShare)
        let tally = DayTally()
        let technician = try await DayAPI.signIn("technician1", password: password, at: base)
        let supervisor = try await DayAPI.signIn("supervisor1", password: password, at: base)
        let departmentStaff = try await DayAPI.signIn("department1", password: password, at: base)
        let department = DepartmentDesk(name: HallAssembly.demoDepartment, staff: departmentStaff, timeline: timeline, tally: tally, seed: seed)
        var shifts: [WindowShift] = []
        var staffed = windows.map(windowIDs) ?? []
        if staffed.isEmpty { staffed = try await StaffedWindows.serving(at: base) }
        for (k, window) in staffed.enumerated() {
            let clerk = try await StaffedWindows.clerk(of: window, password: password, newPassword: newClerkPassword, at: base)
            shifts.append(WindowShift(window: window, clerk: clerk, technician: technician, timeline: timeline, tally: tally,
                                      desk: CaseDesk(clerk: clerk, timeline: timeline, tally: tally, department: department),
                                      lunchBreak: k % 3 == 2))
        }
        let round = SupervisorRound(supervisor: supervisor, citizen: DayAPI(baseURL: base), timeline: timeline,
                                    tally: tally, complaints: complaints ?? max(1, citizens / 200), seed: seed)
        try await timeline.wait(untilSecondOfDay: DayPlan.opening)
        let working = shifts
        let arrivals = CitizenArrivals(kiosk: DayAPI(baseURL: base, token: kioskToken), technician: technician,
                                       timeline: timeline, tally: tally, paper: !noPaper)
        let filed = try await withThrowingTaskGroup(of: [SupervisorRound.Filed].self) { group in
            group.addTask { try await arrivals.run(plan); return [] }
            group.addTask { try await round.fileComplaints() }
            group.addTask {
                try await withThrowingTaskGroup(of: Void.self) { windows in
                    for shift in working { windows.addTask { try await shift.run() } }
                    windows.addTask { try await department.run { await tally.areWindowsClosed } }
                    for _ in working { try await windows.next() }
                    await tally.closeWindows()
                    try await windows.waitForAll()
                }
                return []
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        try await round.closeTheDay(complaints: filed)
        return tally
    }

    private func printFigures(day tally: DayTally, date: String, base: String) async throws {
        let supervisor = try await DayAPI.signIn("supervisor1", password: password, at: base)
        let answer = try await supervisor.get("/api/v1/reports/day?date=\(date)")
        guard answer.ok else { throw CLIFailure.http(status: answer.status, reason: "report", body: answer.data) }
        let report = try answer.decoded(SupervisionReport.self)
        print("day \(date)")
        print("citizens \(citizens)")
        for (name, value) in await tally.all.sorted(by: { $0.key < $1.key }) { print("\(name) \(value)") }
        for line in SimulatedDayFigures.lines(report) { print(line) }
    }

    /// The hall's offset from UTC now, as an ISO-8601 instant writes it (`+08:00`).
    static func offset(_ timeline: HallTimeline) -> String {
        let minutes = timeline.timeZone.secondsFromGMT(for: timeline.now) / 60
        return String(format: "%@%02d:%02d", minutes < 0 ? "-" : "+", abs(minutes) / 60, abs(minutes) % 60)
    }

    static func clockText(_ timeline: HallTimeline) -> String {
        let s = Int(timeline.secondOfDay)
        return String(format: "%02d:%02d", s / 3600, (s % 3600) / 60)
    }
}
