/// The wake-up of one outbox's dispatcher (``OutboxDispatcher``): the outbox yields it after
/// every commit that enqueued something, and the dispatcher's timer when the next entry
/// falls due. Only the newest is kept: one wake-up is as good as many.
public final class OutboxSignal: Sendable {
    let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the dispatcher to look at the outbox now.
    public func wake() { continuation.yield() }
}
