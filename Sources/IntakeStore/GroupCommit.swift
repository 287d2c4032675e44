import GRDB
import Synchronization

/// Group commit: writes that arrive while one transaction is being committed share the next
/// one, and with it one fsync, so the hall issues tickets at the disk's commit rate instead
/// of one commit per ticket (issue 16). Each write runs in its own savepoint, so a refusal
/// (a full queue) undoes only that write; each caller is answered only after the shared
/// transaction has committed, so every answered ticket is as durable as before. With no
/// concurrency a batch is one write, and nothing waits for a batch to fill.
///
/// Batches are taken on the writer's own queue, one writer job per batch: the next batch
/// starts as soon as the last one commits, without waiting for a thread of the cooperative
/// pool (busy with the requests themselves under load), and other writes queued meanwhile
/// (calls, finishes) still get their turn between two batches.
final class GroupCommit: Sendable {
    typealias Work = @Sendable (Database, Batch) throws -> any Sendable

    /// What the writes of one shared transaction may keep for each other: values they read
    /// alike and that none of them changes (``memo(_:_:)``). Lives on the writer's thread
    /// for one batch only.
    final class Batch {
        private var values: [AnyHashable: Any] = [:]

        /// The value kept under `key` in this batch, read by `read` the first time.
        func memo<Value>(_ key: some Hashable, _ read: () throws -> Value) rethrows -> Value {
            if let kept = values[AnyHashable(key)] as? Value { return kept }
            let value = try read()
            values[AnyHashable(key)] = value
            return value
        }
    }

    private struct Pending {
        let work: Work
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue {
        var pending: [Pending] = []
        /// A batch job is on the writer's queue; it schedules the next one while writes wait.
        var scheduled = false
    }

    private let writer: any DatabaseWriter
    /// A bound on one transaction, so a burst never holds the writer for long.
    private let maximumBatch: Int
    private let queue = Mutex(Queue())

    init(writer: any DatabaseWriter, maximumBatch: Int = 256) {
        self.writer = writer
        self.maximumBatch = maximumBatch
    }

    /// Runs `work` in the next shared write transaction and returns its result once that
    /// transaction has committed; throws what `work` threw, or the commit's error.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database, Batch) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            let schedule = queue.withLock { queue in
                queue.pending.append(Pending(work: { db, batch in try work(db, batch) }, continuation: continuation))
                defer { queue.scheduled = true }
                return !queue.scheduled
            }
            if schedule { scheduleBatch() }
        }
        guard let typed = value as? T else { preconditionFailure("GroupCommit: a result of another type") }
        return typed
    }

    private func scheduleBatch() {
        writer.asyncWriteWithoutTransaction { db in self.commitBatch(db) }
    }

    private static func databaseFailure(_ outcome: Result<any Sendable, any Error>) -> DatabaseError? {
        if case .failure(let error) = outcome { error as? DatabaseError } else { nil }
    }

    private func commitBatch(_ db: Database) {
        let batch = queue.withLock { queue in
            let batch = Array(queue.pending.prefix(maximumBatch))
            queue.pending.removeFirst(batch.count)
            return batch
        }
        var outcomes: [Result<any Sendable, any Error>] = []
        let shared = Batch()
        do {
            try db.inTransaction {
                outcomes = batch.map { entry in
                    Result {
                        var value: (any Sendable)?
                        try db.inSavepoint {
                            value = try entry.work(db, shared)
                            return .commit
                        }
                        return value!
                    }
                }
                return .commit
            }
            for (entry, outcome) in zip(batch, outcomes) { entry.continuation.resume(with: outcome) }
        } catch {
            // When SQLite rolled the whole transaction back inside one write (a full disk
            // without room for a statement journal, an I/O error), the writes after it and the
            // commit only see SQLITE_ABORT: every caller is told the first write's real cause.
            let cause = (error as? DatabaseError)?.resultCode == .SQLITE_ABORT
                ? outcomes.lazy.compactMap(Self.databaseFailure).first { $0.resultCode != .SQLITE_ABORT } ?? error
                : error
            for entry in batch { entry.continuation.resume(throwing: cause) }
        }
        let more = queue.withLock { queue in
            if queue.pending.isEmpty { queue.scheduled = false }
            return queue.scheduled
        }
        if more { scheduleBatch() }
    }
}
