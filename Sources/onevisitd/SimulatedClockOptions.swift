import ArgumentParser
import Foundation
import HallServer

/// `--clock-start` and `--clock-speed` (issue 15, "a simulated hall day"): the hall's clock
/// of a simulated hall. Refused without `--simulate`, so a real hall never runs on it.
struct SimulatedClockOptions {
    var start: String?
    var speed: Double?
    var simulate: Bool

    /// Faster than this a hall minute passes in under 10 ms, shorter than one request.
    static let fastest = 3600.0

    /// The hall's clock, and for a simulated one what starts it.
    func clock() throws -> (clock: HallClock, start: SimulatedClockStart?) {
        guard start != nil || speed != nil else { return (.machine, nil) }
        guard simulate else { throw ValidationError("--clock-start and --clock-speed are a test rig: they need --simulate") }
        var origin = Date()
        if let start {
            guard let date = ISO8601DateFormatter().date(from: start) else {
                throw ValidationError("--clock-start \(start): not an ISO-8601 instant such as 2026-12-07T08:30:00+08:00")
            }
            origin = date
        }
        let speed = speed ?? 1
        guard speed.isFinite, speed > 0, speed <= Self.fastest else {
            throw ValidationError("--clock-speed \(speed): give hall seconds per real second, more than 0 and at most \(Int(Self.fastest))")
        }
        let (clock, start) = HallClock.simulated(start: origin, speed: speed)
        return (clock, start)
    }
}
