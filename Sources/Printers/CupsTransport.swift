import CCups
import EscPos
import Foundation

/// A printer behind a CUPS raw queue (devices.md B.3): the job goes to cupsd as
/// `application/vnd.cups-raw` through libcups and is followed until CUPS says completed
/// or aborted. CUPS reports no paper status, only whether the queue is stopped, so this
/// link counts as one-way. Optional: the direct transports need no cupsd.
public final class CupsTransport: PrinterTransport, Sendable {
    public let queue: String

    public init(queue: String) { self.queue = queue }

    public var location: String { "cups:" + queue }
    public var isBidirectional: Bool { false }

    public func requestStatus(_ kind: StatusKind, timeoutMilliseconds: Int) throws(PrinterError) -> UInt8? { nil }

    public func close() {}

    /// cupsd answers and the queue is not stopped.
    public func probe(timeoutMilliseconds: Int) throws(PrinterError) -> PrinterStatus? {
        try checkQueue()
        return nil
    }

    /// The queues cupsd offers, with their state (`idle`, `printing`, `stopped`).
    public static func destinations() -> [(name: String, state: String, message: String?)] {
        var dests: UnsafeMutablePointer<cups_dest_t>?
        let count = cupsGetDests2(nil, &dests)
        defer { cupsFreeDests(count, dests) }
        guard let dests else { return [] }
        return (0..<Int(count)).map { i in
            let dest = dests[i]
            let state = Self.option("printer-state", of: dest)
            let name = String(cString: dest.name)
            return (name, Self.stateName(state), Self.stateMessage(of: name))
        }
    }

    /// Refuses when the queue is missing or stopped, before anything is sent.
    public func checkQueue() throws(PrinterError) {
        guard let dest = cupsGetNamedDest(nil, queue, nil) else {
            let error = String(cString: cupsLastErrorString())
            throw cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE
                ? .notConnected("cupsd (not reachable: \(error))") : .notConnected("CUPS queue \"\(queue)\" (\(error))")
        }
        defer { cupsFreeDests(1, dest) }
        if Self.option("printer-state", of: dest.pointee) == "5" {
            let reason = Self.stateMessage(of: queue)
            throw .notReady("CUPS queue \(queue) is stopped" + (reason.map { ": \($0)" } ?? ""))
        }
    }

    public func send(_ bytes: [UInt8], timeoutMilliseconds: Int) throws(PrinterError) {
        try checkQueue()
        let job = cupsCreateJob(nil, queue, "OneVisit", 0, nil)
        guard job > 0 else { throw .io("CUPS refused the job: \(String(cString: cupsLastErrorString()))") }
        guard cupsStartDocument(nil, queue, job, "ticket", CUPS_FORMAT_RAW, 1) == HTTP_STATUS_CONTINUE else {
            cupsCancelJob2(nil, queue, job, 0)
            throw .io("CUPS did not take the document: \(String(cString: cupsLastErrorString()))")
        }
        let written = bytes.withUnsafeBytes { raw in
            cupsWriteRequestData(nil, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }
        guard written == HTTP_STATUS_CONTINUE, cupsFinishDocument(nil, queue) == IPP_STATUS_OK else {
            cupsCancelJob2(nil, queue, job, 0)
            throw .io("sending the job to CUPS failed: \(String(cString: cupsLastErrorString()))")
        }
        try follow(job: job, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Waits until CUPS has finished the job (its backend handed the bytes to the printer).
    private func follow(job: Int32, timeoutMilliseconds: Int) throws(PrinterError) {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        while true {
            var jobs: UnsafeMutablePointer<cups_job_t>?
            let count = cupsGetJobs2(nil, &jobs, queue, 0, CUPS_WHICHJOBS_ALL)
            let state = (0..<Int(max(count, 0))).first { jobs![$0].id == job }.map { jobs![$0].state }
            cupsFreeJobs(count, jobs)
            switch state {
            case IPP_JSTATE_COMPLETED?: return
            case IPP_JSTATE_ABORTED?: throw .io("CUPS aborted job \(job) on \(queue)")
            case IPP_JSTATE_CANCELED?: throw .io("job \(job) on \(queue) was cancelled")
            case IPP_JSTATE_STOPPED?: throw .notReady("CUPS stopped job \(job) on \(queue)")
            default: break
            }
            // A queue stopped with our job in it would print it whenever it is restarted, after
            // the kiosk has been told it failed and printed a retry: cancel it instead.
            do { try checkQueue() } catch {
                cupsCancelJob2(nil, queue, job, 0)
                throw error
            }
            guard ContinuousClock.now < deadline else {
                cupsCancelJob2(nil, queue, job, 0)
                throw .timeout("CUPS job \(job) on \(queue) was still \(state.map { "in state \($0.rawValue)" } ?? "unknown"); cancelled")
            }
            // CUPS has no job-completion callback short of IPP subscriptions; ask again shortly.
            usleep(50_000)
        }
    }

    /// The queue's `printer-state-message` (why it was stopped), asked of cupsd over IPP:
    /// the destination's options carry only the state number.
    static func stateMessage(of queue: String) -> String? {
        guard let request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES) else { return nil }
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, "ipp://localhost/printers/" + queue)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nil, "printer-state-message")
        guard let response = cupsDoRequest(nil, request, "/") else { return nil }
        defer { ippDelete(response) }
        guard let attribute = ippFindAttribute(response, "printer-state-message", IPP_TAG_TEXT),
              let text = ippGetString(attribute, 0, nil) else { return nil }
        let message = String(cString: text)
        return message.isEmpty ? nil : message
    }

    private static func option(_ name: String, of dest: cups_dest_t) -> String? {
        cupsGetOption(name, dest.num_options, dest.options).map { String(cString: $0) }
    }

    private static func stateName(_ value: String?) -> String {
        switch value {
        case "3": "idle"
        case "4": "printing"
        case "5": "stopped"
        default: "unknown"
        }
    }
}
