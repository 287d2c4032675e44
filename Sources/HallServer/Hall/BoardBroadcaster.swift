import Foundation
import IntakeCore
import Synchronization

/// A call shown on the display board: ticket number and window number, and what the board
/// shows and says for it (``CallAnnouncement``).
public struct BoardCall: Codable, Sendable, Hashable {
    public var sequence: Int
    public var ticket: String
    public var window: String
    public var windowName: String
    public var recall: Int
    public var at: Date
    /// "请 A012 号到 3 号窗口办理".
    public var announcement: String
    /// The text the board's voice says (the ticket digit by digit).
    public var spokenText: String
    /// The announcement as speech: `GET /api/v1/board/announcements/{sequence}.wav`.
    public var announcementURL: String

    init(sequence: Int, ticket: String, window: String, windowName: String, recall: Int, at: Date) {
        self.sequence = sequence; self.ticket = ticket; self.window = window
        self.windowName = windowName; self.recall = recall; self.at = at
        let said = CallAnnouncement(ticket: ticket, window: window, recall: recall)
        announcement = said.displayText
        spokenText = said.spokenText
        announcementURL = "/api/v1/board/announcements/\(sequence).wav"
    }
}

/// Fans calls out to every connected display board (server-sent events). Slow boards drop
/// the oldest calls rather than hold up a window.
public final class BoardBroadcaster: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<BoardCall>.Continuation] = [:]
        var nextID = 0
        var sequence = 0
        var recent: [BoardCall] = []
    }
    private let state: Mutex<State>
    /// Calls kept for boards that connect late.
    public let recentLimit = 20

    /// Call sequence numbers start from the time the hall started, in milliseconds, so they
    /// keep growing across restarts and a board's `Last-Event-ID` never looks newer.
    public init(startedAt: Date = Date()) {
        var initial = State()
        initial.sequence = Int(startedAt.timeIntervalSince1970 * 1000)
        state = Mutex(initial)
    }

    public func publish(ticket: Ticket, window: ServiceWindow, at: Date) {
        let (call, subscribers) = state.withLock { s in
            s.sequence += 1
            let call = BoardCall(sequence: s.sequence, ticket: ticket.number, window: window.id,
                                 windowName: window.name, recall: ticket.recallCount, at: at)
            s.recent.append(call)
            if s.recent.count > recentLimit { s.recent.removeFirst(s.recent.count - recentLimit) }
            return (call, Array(s.subscribers.values))
        }
        for continuation in subscribers { continuation.yield(call) }
    }

    /// Recent calls, oldest first.
    public var recent: [BoardCall] { state.withLock { $0.recent } }

    /// One of the recent calls.
    public func call(sequence: Int) -> BoardCall? { state.withLock { s in s.recent.first { $0.sequence == sequence } } }

    /// A stream of calls from now on; it ends when the subscriber stops iterating.
    public func subscribe() -> AsyncStream<BoardCall> {
        let (stream, continuation) = AsyncStream<BoardCall>.makeStream(bufferingPolicy: .bufferingNewest(64))
        state.withLock { s in
            let id = s.nextID
            s.nextID += 1
            s.subscribers[id] = continuation
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
            }
        }
        return stream
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
