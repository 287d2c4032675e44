import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing

/// `kill -9` while windows open and accept cases: every case and decision answered is still
/// there after a restart, and no case number repeats.
@Suite("Crash safety of cases", .serialized)
struct CaseCrashSafetyTests {
    final class Answered: Sendable {
        private let list = Mutex<[String: String]>([:])
        /// Records the state a case was answered with; returns how many cases there are.
        func set(_ number: String, _ state: String) -> Int { list.withLock { $0[number] = state; return $0.count } }
        var all: [String: String] { list.withLock { $0 } }
    }

    static func post(_ url: String, _ body: String) async -> [String: Any]? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: body))
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)),
              (200..<300).contains(response.status.code),
              let data = try? await response.body.collect(upTo: 1 << 20) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(buffer: data)) as? [String: Any]
    }

    @Test(.enabled(if: DaemonProcess.runnable, "build the daemon first: swift build --build-tests"), .timeLimit(.minutes(3)))
    func killNineLosesNoAnsweredCaseOrDecision() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-casekill-\(UUID().uuidString)").path
        let first = DaemonProcess(dataDirectory: dir)
        try first.start()
        let url = first.baseURL
        let answered = Answered()
        let (killNow, trigger) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for window in 0..<4 {
                group.addTask {
                    while true {
                        guard let opened = await Self.post(url + "/api/v1/cases", #"{"by": "s\#(window)", "itemID": "social-security-card-application"}"#),
                              let number = opened["number"] as? String else { return }
                        if answered.set(number, "received") == 60 { trigger.yield() }
                        guard await Self.post(url + "/api/v1/cases/\(number)/materials",
                                              #"{"by": "s\#(window)", "checks": [{"materialID": "resident-id-card", "status": "present"}]}"#) != nil,
                              await Self.post(url + "/api/v1/cases/\(number)/decision", #"{"by": "s\#(window)", "decision": "accept"}"#) != nil
                        else { return }
                        _ = answered.set(number, "accepted")
                    }
                }
            }
            for await _ in killNow { break }
            first.kill9()
            try await group.waitForAll()
        }
        let before = answered.all
        #expect(before.count >= 60)
        let second = DaemonProcess(dataDirectory: dir)
        try second.start()
        for (number, state) in before {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: second.baseURL + "/api/v1/cases/\(number)"), timeout: .seconds(10))
            #expect(response.status == .ok, "case \(number) lost")
            let object = try JSONSerialization.jsonObject(with: Data(buffer: try await response.body.collect(upTo: 1 << 20))) as? [String: Any]
            if state == "accepted" { #expect(object?["state"] as? String == "accepted", "the acceptance of \(number) lost") }
        }
        let next = await Self.post(second.baseURL + "/api/v1/cases", #"{"by": "s9", "itemID": "social-security-card-application"}"#)
        #expect(next?["number"] is String && before[next?["number"] as? String ?? ""] == nil, "a new number after the restart")
        #expect(second.terminate() == 0)
    }
}
