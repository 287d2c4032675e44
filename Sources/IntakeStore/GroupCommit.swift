import GRDB

/// Group commit: writes that arrive while one transaction is being committed share the next
/// one, and with it one fsync, so the hall issues tickets at the disk's commit rate instead
/// of one commit per ticket (issue 16). Each write runs in its own savepoint, so a refusal
/// (a full queue) undoes only that write; each caller is answered only after the shared
/// transaction has committed, so every answered ticket is as durable as before. With no
/// concurrency a batch is one write, and nothing waits for a batch to fill.
actor GroupCommit {
    typealias Work = @Sendable (Database) throws -> any Sendable

    private struct Pending {
        let work: Work
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let writer: any DatabaseWriter
    /// A bound on one transaction, so a burst never holds the writer for long.
    private let maximumBatch: Int
    private var pending: [Pending] = []
    private var draining = false

    init(writer: any DatabaseWriter, maximumBatch: Int = 256) {
        self.writer = writer
        self.maximumBatch = maximumBatch
    }

    /// Runs `work` in the next shared write transaction and returns its result once that
    /// transaction has committed; throws what `work` threw, or the commit's error.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(work: { db in try work(db) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
        guard let typed = value as? T else { preconditionFailure("GroupCommit: a result of another type") }
        return typed
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let works = batch.map(\.work)
            do {
                let outcomes = try await writer.write { db in
                    works.map { work in
                        Result<any Sendable, any Error> {
                            var value: (any Sendable)?
                            try db.inSavepoint {
                                value = try work(db)
                                return .commit
                            }
                            return value!
                        }
                    }
                }
                for (entry, outcome) in zip(batch, outcomes) { entry.continuation.resume(with: outcome) }
            } catch {
                for entry in batch { entry.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}
