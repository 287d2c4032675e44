import Foundation
import GRDB
import IntakeCore

/// Tickets, windows and their events in the database. Every operation is one write
/// transaction: the domain decides (IntakeCore), this type reads what the decision needs
/// and stores the outcome with its event, so nothing answered is lost and no number repeats.
public struct QueueStore: Sendable {
    public let writer: any DatabaseWriter
    public let layout: HallLayout
    public let catalog: Catalog
    public let calendar: HallCalendar
    private let makeID: @Sendable (Date) -> String
    /// Issues share write transactions under load (``GroupCommit``).
    private let issues: GroupCommit

    public init(writer: any DatabaseWriter, layout: HallLayout, catalog: Catalog, calendar: HallCalendar,
                makeID: @escaping @Sendable (Date) -> String = TimeOrderedID.make(at:)) {
        self.writer = writer; self.layout = layout; self.catalog = catalog; self.calendar = calendar
        self.makeID = makeID
        issues = GroupCommit(writer: writer)
    }

    // MARK: Issuing

    /// Issues a ticket: routes the request, checks hours and caps, numbers it, estimates the wait.
    public func issue(_ target: TicketTarget, priority: PriorityReason? = nil, holder: TicketHolder? = nil,
                      at now: Date) async throws(QueueError) -> Ticket {
        let route: TicketRoute
        do { route = try layout.route(target, catalog: catalog) } catch { throw .routing(error) }
        do {
            return try await issues.write { db, batch in
                try issue(db, route: route, priority: priority, holder: holder, at: now, batch: batch)
            }
        } catch {
            throw QueueStore.queueError(error)
        }
    }

    /// Issues a ticket inside the caller's write transaction (a booking's check-in stores its
    /// ticket and its own change together, or neither).
    /// In a batch of issues (``GroupCommit``), the wait estimate's inputs are read once.
    func issue(_ db: Database, route: TicketRoute, priority: PriorityReason?, holder: TicketHolder?,
               appointmentCode: String? = nil, at now: Date, batch: GroupCommit.Batch? = nil) throws -> Ticket {
        let queue = route.queue
        let day = calendar.serviceDay(of: now)
        let minute = calendar.minuteOfDay(of: now)
        let weight = layout.priority.weight(of: priority, inLane: queue.priorityLane)
        let id = makeID(now)
        let servingWindowIDs = layout.windows(serving: queue.id).map(\.id)
        // Every statement of an issue is compiled once per connection (`cachedStatement`): a
        // ticket without paper costs the hall mostly CPU, and the query interface would build
        // and compile each statement again for every ticket (issue 16, a profile under wrk).
        let issuedToday = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT lastSequence FROM ticketCounter WHERE queueID = ? AND serviceDay = ?"),
            arguments: [queue.id, day]) ?? 0
        var issuedInBand = 0
        if let band = QueueAdmission.bandCap(of: queue, at: minute) {
            let from = calendar.instant(day: now, minuteOfDay: band.band.start)
            let to = calendar.instant(day: now, minuteOfDay: band.band.end)
            issuedInBand = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM ticketEvent WHERE kind = ? AND queueID = ? AND "at" >= ? AND "at" < ?
                """), arguments: [TicketAction.Kind.issue.rawValue, queue.id, StoredDate(from), StoredDate(to)]) ?? 0
        }
        do {
            try QueueAdmission.check(queue, minuteOfDay: minute, issuedToday: issuedToday, issuedInBand: issuedInBand)
        } catch { throw QueueError.admission(error) }

        let sequence = issuedToday + 1
        try db.cachedStatement(sql: """
            INSERT INTO ticketCounter (queueID, serviceDay, lastSequence) VALUES (?, ?, ?)
            ON CONFLICT (queueID, serviceDay) DO UPDATE SET lastSequence = excluded.lastSequence
            """).execute(arguments: [queue.id, day, sequence])
        let ahead = try peopleAhead(db, queueID: queue.id, day: day, weight: weight)
        let minutes = try estimateMinutes(db, queueID: queue.id, peopleAhead: ahead, weight: weight,
                                          servingWindowIDs: servingWindowIDs, day: day, at: now, batch: batch)
        let ticket = Ticket(
            id: id, number: Ticket.number(prefix: queue.prefix, sequence: sequence), queueID: queue.id,
            serviceDay: day, sequence: sequence, itemID: route.itemID, bundleID: route.bundleID,
            priority: priority, weight: weight, issuedAt: now, peopleAheadAtIssue: ahead,
            estimatedWaitMinutes: minutes, holder: holder, appointmentCode: appointmentCode)
        try ticket.insertRow(db)
        try TicketEvent(ticketID: id, kind: .issue, from: nil, to: .waiting, at: now, windowID: nil,
                        queueID: queue.id,
                        detail: [priority.map { "priority \($0.rawValue)" }, holder.map { _ in "real name" },
                                 appointmentCode.map { _ in "appointment" }]
                            .compactMap { $0 }.joined(separator: ", ").nilIfEmpty).insertRow(db)
        return ticket
    }

    // MARK: Windows

    /// Calls the best waiting ticket for a window (``CallOrder``).
    public func callNext(window windowID: String, at now: Date) async throws(QueueError) -> Ticket {
        let window = try knownWindow(windowID)
        let day = calendar.serviceDay(of: now)
        return try await run { db in
            if let current = try currentTicket(db, window: windowID) {
                throw QueueError.windowBusy(window: windowID, number: current.number, state: current.state)
            }
            let candidates = try Ticket
                .filter(Column("state") == TicketState.waiting.rawValue && Column("serviceDay") == day)
                .filter(window.queues.contains(Column("queueID")) || Column("targetWindowID") == windowID)
                .fetchAll(db)
            guard let next = CallOrder.next(for: window, among: candidates) else {
                throw QueueError.nothingWaiting(window: windowID)
            }
            return try apply(db, .call(window: windowID), to: next, at: now)
        }
    }

    /// Applies an action to the ticket a window currently has (called, serving, or held there).
    public func act(window windowID: String, _ action: TicketAction, at now: Date) async throws(QueueError) -> Ticket {
        _ = try knownWindow(windowID)
        if case .transfer(.queue(let q)) = action, layout.queue(q) == nil { throw .routing(.unknownQueue(q)) }
        if case .transfer(.window(let w)) = action { _ = try knownWindow(w) }
        return try await run { db in
            // A held ticket waits aside while the window serves others: "return" is about it,
            // every other action about the ticket being called or served.
            let states: [TicketState] = action.kind == .returnToQueue ? [.held] : [.called, .serving]
            guard let current = try Ticket
                .filter(Column("windowID") == windowID && states.map(\.rawValue).contains(Column("state")))
                .order(Column("calledAt").desc)
                .fetchOne(db)
            else {
                throw action.kind == .returnToQueue ? QueueError.noHeldTicket(window: windowID) : QueueError.noCurrentTicket(window: windowID)
            }
            return try apply(db, action, to: current, at: now)
        }
    }

    /// Applies an action to a ticket by id (return from hold, cancel at the kiosk).
    public func act(ticket ticketID: String, _ action: TicketAction, at now: Date) async throws(QueueError) -> Ticket {
        if case .transfer(.queue(let q)) = action, layout.queue(q) == nil { throw .routing(.unknownQueue(q)) }
        if case .transfer(.window(let w)) = action { _ = try knownWindow(w) }
        return try await run { db in
            guard let ticket = try Ticket.fetchOne(db, key: ticketID) else { throw QueueError.unknownTicket(ticketID) }
            return try apply(db, action, to: ticket, at: now)
        }
    }

    public func signIn(window windowID: String, staff: StaffMember, at now: Date) async throws(QueueError) {
        _ = try knownWindow(windowID)
        try await run { db in
            if let present = try WindowSession.fetchOne(db, key: windowID), present.staffID != staff.id {
                throw QueueError.windowOccupied(window: windowID, staffID: present.staffID)
            }
            // A clerk is at one window at a time: signing in here leaves the other one.
            try db.execute(sql: "DELETE FROM windowSession WHERE staffID = ?", arguments: [staff.id])
            try WindowSession(windowID: windowID, staffID: staff.id, staffName: staff.name, signedInAt: now).insert(db)
        }
    }

    public func signOut(window windowID: String) async throws(QueueError) {
        _ = try knownWindow(windowID)
        try await run { db in _ = try WindowSession.deleteOne(db, key: windowID) }
    }

    // MARK: Reading

    public func ticket(id: String) async throws -> Ticket? {
        try await writer.read { db in try Ticket.fetchOne(db, key: id) }
    }

    public func events(ofTicket id: String) async throws -> [TicketEvent] {
        try await writer.read { db in
            try TicketEvent.filter(Column("ticketID") == id).order(Column("id")).fetchAll(db)
        }
    }

    /// The staff member signed in at a window, if any.
    public func staff(atWindow windowID: String) async throws -> StaffMember? {
        try await writer.read { db in
            try WindowSession.fetchOne(db, key: windowID).map { StaffMember(id: $0.staffID, name: $0.staffName) }
        }
    }

    /// Every window with its staff and current ticket.
    public func windowStatus() async throws -> [WindowStatus] {
        try await writer.read { db in
            let sessions = Dictionary(uniqueKeysWithValues: try WindowSession.fetchAll(db).map { ($0.windowID, $0) })
            return try layout.windows.map { window in
                WindowStatus(
                    window: window,
                    staff: sessions[window.id].map { StaffMember(id: $0.staffID, name: $0.staffName) },
                    current: try currentTicket(db, window: window.id),
                    held: try Ticket.filter(Column("windowID") == window.id && Column("state") == TicketState.held.rawValue)
                        .order(Column("issuedAt")).fetchAll(db))
            }
        }
    }

    /// Each queue's waiting tickets, issued count and open windows for a service day. Tickets
    /// left waiting from earlier days are not counted: they are never called again.
    public func queueStatus(day: String) async throws -> [QueueStatus] {
        try await writer.read { db in
            let signedIn = Set(try String.fetchAll(db, sql: "SELECT windowID FROM windowSession"))
            return try layout.queues.map { queue in
                let waiting = try Ticket.filter(Column("state") == TicketState.waiting.rawValue && Column("serviceDay") == day
                                                && Column("queueID") == queue.id)
                    .fetchCount(db)
                let issued = try TicketCounter.fetchOne(db, key: ["queueID": queue.id, "serviceDay": day])?.lastSequence ?? 0
                let open = layout.windows(serving: queue.id).map(\.id).filter(signedIn.contains)
                return QueueStatus(queue: queue, waiting: waiting, issuedToday: issued, openWindows: open)
            }
        }
    }

    // MARK: Internals

    private func knownWindow(_ id: String) throws(QueueError) -> ServiceWindow {
        guard let window = layout.window(id) else { throw .unknownWindow(id) }
        return window
    }

    private func currentTicket(_ db: Database, window windowID: String) throws -> Ticket? {
        try Ticket
            .filter(Column("windowID") == windowID
                    && [TicketState.called.rawValue, TicketState.serving.rawValue].contains(Column("state")))
            .order(Column("calledAt").desc)
            .fetchOne(db)
    }

    private func apply(_ db: Database, _ action: TicketAction, to ticket: Ticket, at now: Date) throws -> Ticket {
        do {
            var (changed, event) = try TicketTransitions.apply(action, to: ticket, at: now, noShow: layout.noShow)
            try changed.update(db)
            if let window = event.windowID {
                event.staffID = try String.fetchOne(db.cachedStatement(sql: "SELECT staffID FROM windowSession WHERE windowID = ?"),
                                                    arguments: [window])
            }
            try event.insertRow(db)
            return changed
        } catch let error as TicketError {
            throw QueueError.ticket(error)
        }
    }

    /// Runs a write transaction, passing domain refusals through and wrapping nothing else.
    private func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(QueueError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw QueueStore.queueError(error)
        }
    }

    private static func queueError(_ error: any Error) -> QueueError {
        (error as? QueueError) ?? .storage(String(describing: error))
    }
}

/// A window as the clerk console and the technician see it.
public struct WindowStatus: Codable, Sendable {
    public var window: ServiceWindow
    public var staff: StaffMember?
    public var current: Ticket?
    /// Tickets set aside at this window (citizen fetching a paper), oldest first.
    public var held: [Ticket]
}

/// A queue with its counts for the day.
public struct QueueStatus: Codable, Sendable {
    public var queue: ServiceQueue
    public var waiting: Int
    public var issuedToday: Int
    /// Windows calling from this queue with a clerk signed in.
    public var openWindows: [String]
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
