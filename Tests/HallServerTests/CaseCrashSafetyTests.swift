import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import TestSupport
import Testing

/// `kill -9` while windows open and accept cases: every case and decision answered is still
/// there after a restart, and no case number repeats.
@Suite("Crash safety of cases", .serialized, .timeLimit(.minutes(5)))
struct CaseCrashSafetyTests {
    /// Every answer as it came: each case number opened (repeats counted, never merged), each
    /// acceptance, and every refusal before the kill as a failure.
    final class Answered: Sendable {
        private let state = Mutex<(opened: [String], accepted: [String], failures: [String])>(([], [], []))
        func opened(_ number: String) -> Int { state.withLock { $0.opened.append(number); return $0.opened.count } }
        func accepted(_ number: String) -> Int { state.withLock { $0.accepted.append(number); return $0.accepted.count } }
        func fail(_ why: String) { state.withLock { $0.failures.append(why) } }
        var all: (opened: [String], accepted: [String], failures: [String]) { state.withLock { $0 } }
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func killNineLosesNoAnsweredCaseOrDecision() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-casekill-\(UUID().uuidString)").path
        let first = DaemonProcess(dataDirectory: dir, staff: ["clerk1", "clerk2", "clerk3", "clerk4"])
        try await first.start()
        let url = first.baseURL
        var clerks: [String] = []
        for window in 1...4 {
            let token = try await DaemonHTTP.signIn(first, "clerk\(window)")
            let (status, _) = try await DaemonHTTP.send(.POST, url + "/api/v1/windows/\(window)/sign-in", "{}", as: token)
            #expect(status == 204)
            clerks.append(token)
        }
        let answered = Answered()
        let killed = KillSwitch()
        let (killNow, trigger) = AsyncStream<Void>.makeStream()
        let minimumOpened = 60, minimumAccepted = 20
        try await withThrowingTaskGroup(of: Void.self) { group in
            for token in clerks {
                group.addTask {
                    /// One step; nil once the daemon is gone (a refusal before that is a failure).
                    func post(_ path: String, _ body: String) async -> [String: Any]? {
                        do {
                            let (status, object) = try await DaemonHTTP.send(.POST, url + path, body, as: token)
                            if (200..<300).contains(status) { return object }
                            if !killed.flipped { answered.fail("\(path): HTTP \(status) \(object)") }
                        } catch {
                            if !killed.flipped { answered.fail("\(path): \(error)") }
                        }
                        return nil
                    }
                    while true {
                        guard let opened = await post("/api/v1/cases", #"{"itemID": "social-security-card-application"}"#) else { return }
                        guard let number = opened["number"] as? String else { return answered.fail("a case without a number: \(opened)") }
                        let count = answered.opened(number)
                        guard await post("/api/v1/cases/\(number)/materials", #"{"checks": [{"materialID": "resident-id-card", "status": "present"}]}"#) != nil,
                              await post("/api/v1/cases/\(number)/decision", #"{"decision": "accept"}"#) != nil else { return }
                        let accepted = answered.accepted(number)
                        if count >= minimumOpened && accepted >= minimumAccepted { trigger.yield() }
                    }
                }
            }
            try await within(seconds: 90) { for await _ in killNow { return } }
            killed.flip()
            await first.killed()
            try await group.waitForAll()
        }
        let (opened, accepted, failures) = answered.all
        #expect(failures.isEmpty, "refusals before the kill: \(failures.prefix(5))")
        #expect(opened.count >= minimumOpened && accepted.count >= minimumAccepted)
        #expect(Set(opened).count == opened.count, "no case number answered twice")

        let second = DaemonProcess(dataDirectory: dir, staff: ["supervisor1", "clerk9"])
        try await second.start()
        let supervisor = try await DaemonHTTP.signIn(second, "supervisor1")
        let acceptedSet = Set(accepted)
        for number in opened {
            let (status, object) = try await DaemonHTTP.send(.GET, second.baseURL + "/api/v1/cases/\(number)", as: supervisor)
            #expect(status == 200, "case \(number) lost")
            if acceptedSet.contains(number) { #expect(object["state"] as? String == "accepted", "the acceptance of \(number) lost") }
        }
        let clerk = try await DaemonHTTP.signIn(second, "clerk9")
        _ = try await DaemonHTTP.send(.POST, second.baseURL + "/api/v1/windows/9/sign-in", "{}", as: clerk)
        let (status, next) = try await DaemonHTTP.send(.POST, second.baseURL + "/api/v1/cases", #"{"itemID": "social-security-card-application"}"#, as: clerk)
        #expect(status == 201)
        let newNumber = try #require(next["number"] as? String)
        #expect(!opened.contains(newNumber), "a new number after the restart")
        #expect(await second.stopped() == 0)
    }
}
