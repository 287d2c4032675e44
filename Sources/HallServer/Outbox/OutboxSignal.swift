import Synchronization

/// The wake-up of one outbox's dispatcher (``OutboxDispatcher``): the outbox gives it after
/// every commit that enqueued something, and the dispatcher's timer when the next entry
/// falls due. Only the newest is kept: one wake-up is as good as many.
public final class OutboxSignal: Sendable {
    private let current = Mutex<AsyncStream<Void>.Continuation?>(nil)

    public init() {}

    /// The wake-ups of one run of the dispatcher, starting with one for what fell due while
    /// none ran. A run after it (the uploader turned on in a running hall, a test's second
    /// dispatcher) gets a stream of its own, and the one before ends.
    func wakeups() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        current.withLock { $0?.finish(); $0 = continuation }
        continuation.yield()
        return stream
    }

    /// Asks the dispatcher to look at the outbox now; nothing while none runs.
    public func wake() { _ = current.withLock { $0 }?.yield() }
}
