import Foundation

/// What became of the presses on one window's keypad, as the window's own screen follows
/// them (`GET /api/v1/windows/{id}/review-events`: `review` or `ignored`). The simulated
/// citizen waits for their press to count before the clerk calls the next ticket, as at a
/// real window, where the next call would end the keypad's wait for the last one.
actor KeypadOutcomes {
    private(set) var reviews = 0
    private(set) var ignored = 0
    /// Ignored presses by the hall's reason (`expired`, `notArmed`, `alreadyReviewed`).
    private(set) var ignoredWhy: [String: Int] = [:]
    private var waiters: [Int: (after: Int, CheckedContinuation<Bool, Never>)] = [:]
    private var nextWaiter = 0
    private var reader: Task<Void, Never>?

    /// Follows the window's stream; answers once it is connected.
    func follow(window: String, baseURL: String) async throws(CLIFailure) {
        let response = try await HallClient(baseURL: baseURL).openStream(HallClient.path("api", "v1", "windows", window, "review-events"))
        reader = Task { [weak self] in
            var parser = ServerSentEvents()
            do {
                for try await chunk in response.body {
                    for event in parser.feed(Array(chunk.readableBytesView)) where event.name == "review" || event.name == "ignored" {
                        struct Ignored: Decodable { var reason: String }
                        let reason = (try? JSONDecoder().decode(Ignored.self, from: Data(event.data.utf8)))?.reason
                        await self?.record(reviewed: event.name == "review", reason: reason)
                    }
                }
            } catch {}
        }
    }

    func stop() { reader?.cancel() }

    private func record(reviewed: Bool, reason: String?) {
        if reviewed { reviews += 1 } else { ignored += 1; ignoredWhy[reason ?? "unknown", default: 0] += 1 }
        let seen = reviews + ignored
        for (id, waiter) in waiters where seen > waiter.after {
            waiters.removeValue(forKey: id)
            waiter.1.resume(returning: true)
        }
    }

    var outcomes: Int { reviews + ignored }

    /// Waits until more than `count` presses have an outcome; false after `limit` of real time.
    func wait(beyond count: Int, limit: Duration) async -> Bool {
        if reviews + ignored > count { return true }
        let id = nextWaiter
        nextWaiter += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(for: limit)
            await self?.expire(id)
        }
        let arrived = await withCheckedContinuation { waiters[id] = (count, $0) }
        timer.cancel()
        return arrived
    }

    private func expire(_ id: Int) {
        waiters.removeValue(forKey: id)?.1.resume(returning: false)
    }
}
