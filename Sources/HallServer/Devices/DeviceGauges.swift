import Foundation
import Metrics

/// Every configured device as `/metrics` shows it (issue 17: per-device state, errors, paper
/// state, reads, captures and presses), read from the devices' own reports at each scrape:
/// `onevisit_device_connected`, `onevisit_device_error` (1 while a last error stands) and
/// `onevisit_device_state` (1 for the state the device is in, 0 for the others) by kind and id, the printers' paper and jobs, the readers' reads, the keypads' presses and the
/// cameras' captures, each with its failures.
struct DeviceGauges: Sendable {
    let printers: HallPrinters
    let readers: HallReaders
    let keypads: HallKeypads
    let cameras: HallCameras

    func update() async {
        func record(_ label: String, _ value: Int, _ dimensions: [(String, String)]) {
            Gauge(label: label, dimensions: dimensions).record(Double(value))
        }
        func state(_ kind: String, _ id: String, connected: Bool, error: String?, state now: String) {
            record("onevisit_device_connected", connected ? 1 : 0, [("kind", kind), ("id", id)])
            record("onevisit_device_error", error == nil ? 0 : 1, [("kind", kind), ("id", id)])
            for name in ["absent", "ready", "busy", "degraded", "failed"] {
                record("onevisit_device_state", name == now ? 1 : 0, [("kind", kind), ("id", id), ("state", name)])
            }
        }
        for p in await printers.reports() {
            state("printer", p.id, connected: p.connected, error: p.lastError ?? p.problem, state: p.state)
            record("onevisit_printer_paper_out", p.status?.paperOut == true ? 1 : 0, [("id", p.id)])
            record("onevisit_printer_paper_near_end", p.status?.paperNearEnd == true ? 1 : 0, [("id", p.id)])
            for (outcome, n) in [("printed", p.printed), ("failed", p.failed), ("queued", p.queued)] {
                record("onevisit_printer_jobs", n, [("id", p.id), ("outcome", outcome)])
            }
        }
        for r in await readers.reports() {
            state("reader", r.id, connected: r.connected, error: r.lastError, state: r.state)
            for (outcome, n) in [("read", r.reads), ("failed", r.failures)] { record("onevisit_reader_cards", n, [("id", r.id), ("outcome", outcome)]) }
        }
        for k in await keypads.reports() {
            state("keypad", k.id, connected: k.connected, error: k.lastError, state: k.state)
            for (outcome, n) in [("mapped", k.presses), ("unmapped", k.unmapped)] { record("onevisit_keypad_presses", n, [("id", k.id), ("outcome", outcome)]) }
        }
        for c in cameras.reports() {
            // A camera is opened per capture: it counts as there while its node is and its last capture worked.
            state("camera", c.id, connected: c.driven && ["ready", "busy"].contains(c.state), error: c.lastError, state: c.state)
            for (outcome, n) in [("captured", c.captures), ("failed", c.failures)] { record("onevisit_camera_captures", n, [("id", c.id), ("outcome", outcome)]) }
        }
    }
}
