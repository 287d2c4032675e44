import Foundation
import IntakeCore
import IntakeStore
import Synchronization

/// Fans the outcome of every key press out to whoever listens (the window screen, tests, the benchmark).
public final class ReviewFeed: Sendable {
    /// What one key press came to.
    public struct Event: Sendable {
        public var window: String
        public var review: Review?
        public var task: RectificationTask?
        public var ignored: IgnoredPress?
        /// When the key went down, as the driver saw it (nil for reviews made over the API).
        public var pressedAt: ContinuousClock.Instant?
        /// Set instead when a service ended and the keypad waits for its press.
        public var armed: KeypadArming?

        public init(window: String, review: Review? = nil, task: RectificationTask? = nil, ignored: IgnoredPress? = nil,
                    pressedAt: ContinuousClock.Instant? = nil, armed: KeypadArming? = nil) {
            self.window = window; self.review = review; self.task = task; self.ignored = ignored; self.pressedAt = pressedAt
            self.armed = armed
        }
    }

    private let subscribers = Mutex<[UUID: AsyncStream<Event>.Continuation]>([:])

    public init() {}

    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLock { _ = $0.removeValue(forKey: id) } }
        return stream
    }

    func publish(_ event: Event) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(event) }
    }
}
