import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

/// What a penetration test tries first, against the real daemon over its port (R8): the
/// window named in the query, a typed ID number, a cross-site form, a half-sent request, a
/// huge body, the reviewed deciding their own appeal, the fingerprint, a formula in a name.
@Suite("Abuse of the hall's API", .serialized, .timeLimit(.minutes(5)))
struct AbuseTests {
    static func daemon(_ name: String, devices: String? = nil) async throws -> DaemonProcess {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-abuse-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var extra: [String] = []
        if let devices {
            try devices.write(toFile: dir + "/devices.json", atomically: true, encoding: .utf8)
            extra = ["--devices", dir + "/devices.json"]
        }
        // Short enough to see a half-sent request cut off, long enough that this test's own
        // requests are not: at 1 s, a POST whose body left the loaded test process a second
        // after its head was cut off as half-sent (`POST …/api/v1/tickets: remoteConnectionClosed`).
        let daemon = DaemonProcess(dataDirectory: dir, simulate: true, extraArguments: extra, environment: ["ONEVISIT_HTTP_IDLE_TIMEOUT_SECONDS": "3"])
        try await daemon.start()
        return daemon
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)))
    func requestsAHostileClientSends() async throws {
        let daemon = try await Self.daemon("requests")
        defer { daemon.stopWithoutWaiting() }
        let base = daemon.baseURL

        // A cross-site form: another Origin, or a body that is not JSON.
        let (crossSite, crossBody) = try await DaemonHTTP.send(.POST, base + "/api/v1/tickets", "queue=general",
                                                               headers: [("Content-Type", "text/plain"), ("Origin", "http://evil.example")])
        #expect(crossSite == 403 && "\(crossBody)".contains("cross_origin"))
        let (plain, plainBody) = try await DaemonHTTP.send(.POST, base + "/api/v1/tickets", #"{"queue": "general"}"#,
                                                           headers: [("Content-Type", "text/plain")])
        #expect(plain == 415 && "\(plainBody)".contains("json_required"))
        let (sameSite, _) = try await DaemonHTTP.send(.POST, base + "/api/v1/tickets", #"{"queue": "general"}"#,
                                                      headers: [("Origin", base)])
        #expect(sameSite == 201, "the hall's own pages still work")

        // A request left half-sent is closed by the idle timeout (3 s here).
        let raw = try RawConnection(port: daemon.port)
        defer { raw.close() }
        raw.send("POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"queue\"")
        let (closed, _) = raw.waitForClose(seconds: 10)
        #expect(closed, "the half-sent request's connection was closed")
        let header = try RawConnection(port: daemon.port)
        defer { header.close() }
        header.send("GET /api/v1/hall HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        #expect(header.waitForClose(seconds: 10).closed, "a header never finished is closed too")

        // 16 MiB to a route that takes 64 KiB: refused before it is read, and the daemon's
        // memory does not grow by it (four times over).
        let before = residentKilobytes(of: daemon.process.processIdentifier)
        for chunked in [false, true, false, true] {
            var request = HTTPClientRequest(url: base + "/api/v1/tickets")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            // As DaemonHTTP's: a connection left in the pool would be closed by the daemon's short
            // idle timeout, and a later request of this test sent on it just then fails.
            request.headers.add(name: "Connection", value: "close")
            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: 16 << 20)
            request.body = chunked ? .stream(AsyncStream { c in c.yield(big); c.finish() }, length: .unknown) : .bytes(big)
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(30)) {
                #expect(response.status.code == 413)
            }  // or the daemon closed the connection on it: refused all the same
        }
        let after = residentKilobytes(of: daemon.process.processIdentifier)
        #expect(before > 0 && after - before < 8 * 1024, "RSS \(before) kB before, \(after) kB after 64 MiB refused")
        let (stillServing, _) = try await DaemonHTTP.send(.GET, base + "/healthz")
        #expect(stillServing == 200)
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)))
    func staffCannotReachBeyondTheirWork() async throws {
        // The window-3 reader reads fingerprints, as some halls configure.
        let daemon = try await Self.daemon("staff", devices: #"""
            {"readers": [{"id": "window-3", "role": "window", "window": "3", "readFingerprint": true}],
             "printers": [], "keypads": [{"id": "window-2", "window": "2", "serial": {"device": "/dev/null", "address": 2}},
                                          {"id": "window-5", "window": "5", "serial": {"device": "/dev/null", "address": 5}}]}
            """#)
        defer { daemon.stopWithoutWaiting() }
        let base = daemon.baseURL
        func post(_ path: String, _ body: String = "{}", as token: String?) async throws -> (Int, [String: Any]) {
            try await DaemonHTTP.send(.POST, base + path, body, as: token)
        }
        let clerk3 = try await DaemonHTTP.signIn(daemon, "clerk3"), clerk4 = try await DaemonHTTP.signIn(daemon, "clerk4")
        let technician = try await DaemonHTTP.signIn(daemon, "technician1"), supervisor = try await DaemonHTTP.signIn(daemon, "supervisor1")
        let admin = try await DaemonHTTP.signIn(daemon, "admin1")
        #expect(try await post("/api/v1/windows/3/sign-in", as: clerk3).0 == 204)
        #expect(try await post("/api/v1/windows/4/sign-in", as: clerk4).0 == 204)

        // A card with a fingerprint at window 3: the clerk there gets the holder, never the template.
        let fingerprint = (0..<1024).map { _ in "67" }.joined(separator: ",")
        let card = #"{"cardType": "residentCard", "name": "李小红", "gender": "2", "ethnicity": "01", "birthDate": "1988-02-29", "address": "广东省深圳市福田区示例大道3号", "number": "440307198802294442", "authority": "深圳市公安局福田分局", "validFrom": "2018-04-01", "validTo": "2038-04-01", "photoWLT": [], "fingerprint": [\#(fingerprint)]}"#
        #expect(try await post("/api/v1/simulator/readers/window-3", #"{"place": \#(card)}"#, as: technician).0 == 200)
        var applicant: (Int, [String: Any]) = (0, [:])
        let deadline = ContinuousClock.now + .seconds(20)
        while applicant.0 != 200 && ContinuousClock.now < deadline {
            applicant = try await DaemonHTTP.send(.GET, base + "/api/v1/windows/3/applicant", as: clerk3)
            if applicant.0 != 200 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(applicant.0 == 200 && (applicant.1["identity"] as? [String: Any])?["number"] as? String == "440307198802294442")
        #expect(!"\(applicant.1)".contains("fingerprint") && !"\(applicant.1)".contains("67, 67, 67"), "\(applicant.1)")
        #expect(try await DaemonHTTP.send(.GET, base + "/api/v1/windows/3/applicant", as: clerk4).status == 403)

        // A case at window 3 from the card; another window's clerk naming window 3 in the query gets 403.
        let (opened, c) = try await post("/api/v1/cases", #"{"itemID": "social-security-card-application", "applicantFromReader": true}"#, as: clerk3)
        #expect(opened == 201)
        let number = try #require(c["number"] as? String)
        _ = try await post("/api/v1/cases/\(number)/form", #"{"values": {"applicant.address": "广东省深圳市"}}"#, as: clerk3)
        for uri in ["/api/v1/cases/\(number)/applicant?window=3", "/api/v1/cases/\(number)/form?window=3"] {
            #expect(try await DaemonHTTP.send(.GET, base + uri, as: clerk4).status == 403, "\(uri)")
        }
        // Her number typed at window 4: the earlier case fills nothing in.
        let (typed, t) = try await post("/api/v1/cases", #"{"itemID": "social-security-card-application", "applicant": {"name": "李小红", "idNumber": "440307198802294442"}}"#, as: clerk4)
        #expect(typed == 201)
        let typedForm = try await DaemonHTTP.send(.GET, base + "/api/v1/cases/\(t["number"] as? String ?? "")/form", as: clerk4).json["form"] as? [[String: Any]] ?? []
        #expect(!typedForm.isEmpty && typedForm.allSatisfy { $0["source"] as? String != "earlierCase" }, "\(typedForm)")

        // Both reads of the applicant in full are audited; the supervisor lists them.
        let audit = try await DaemonHTTP.send(.GET, base + "/api/v1/audit", as: supervisor).json["entries"] as? [[String: Any]] ?? []
        #expect(audit.contains { $0["what"] as? String == "window-applicant" && $0["staffID"] as? String == "clerk3" })
        #expect(!"\(audit)".contains("李小红") && !"\(audit)".contains("440307198802294442"), "the audit names no citizen's data")

        // A clerk who is also a supervisor, reviewed badly, appeals, and cannot decide the appeal.
        #expect(try await post("/api/v1/staff", #"{"id": "lead2", "name": "\t=HYPERLINK(\"http://x\")", "roles": ["clerk", "supervisor"], "password": "lead2-password"}"#, as: admin).0 == 201)
        let lead = try await DaemonHTTP.signIn(daemon, "lead2", password: "lead2-password")
        #expect(try await post("/api/v1/windows/2/sign-in", as: lead).0 == 204)
        #expect(try await post("/api/v1/tickets", #"{"queue": "general"}"#, as: nil).0 == 201)
        for step in ["call-next", "start", "finish"] { #expect(try await post("/api/v1/windows/2/\(step)", as: lead).0 == 200) }
        // The case number alone rates nothing; its applicant, before the case is done, neither.
        #expect(try await post("/api/v1/reviews", #"{"channel": "online", "level": 1, "caseNumber": "\#(number)"}"#, as: nil).0 == 403)
        let reviews = try await post("/api/v1/reviews", #"{"channel": "online", "level": 1, "caseNumber": "\#(number)", "idLast4": "4442"}"#, as: nil)
        #expect(reviews.0 == 409, "the case is not finished: no online review")
        #expect(try await post("/api/v1/simulator/keypads/2", #"{"level": 1}"#, as: technician).0 == 200)
        var tasks: [[String: Any]] = []
        let until = ContinuousClock.now + .seconds(20)
        while tasks.isEmpty && ContinuousClock.now < until {
            tasks = try await DaemonHTTP.send(.GET, base + "/api/v1/review-tasks", as: lead).json["tasks"] as? [[String: Any]] ?? []
            if tasks.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        let taskID = try #require((tasks.first?["task"] as? [String: Any])?["id"] as? String)
        #expect(try await post("/api/v1/review-tasks/\(taskID)/appeal", #"{"reason": "按错了"}"#, as: lead).0 == 200)
        let own = try await post("/api/v1/review-tasks/\(taskID)/recheck", #"{"upheld": true, "reason": "我说的"}"#, as: lead)
        #expect(own.0 == 403 && "\(own.1)".contains("another supervisor"))
        #expect(try await post("/api/v1/review-tasks/\(taskID)/recheck", #"{"upheld": false, "reason": "录像显示确有等候"}"#, as: supervisor).0 == 200)

        // The reviewed staff member's name, beginning with a tab and "=", comes out of the CSV defused.
        var request = HTTPClientRequest(url: base + "/api/v1/reviews?format=csv")
        request.headers.add(name: "Authorization", value: "Bearer " + supervisor)
        request.headers.add(name: "Connection", value: "close")
        let csv = String(buffer: try await HTTPClient.shared.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 20))
        #expect(csv.contains("\"'\t=HYPERLINK(\"\"http://x\"\")\""), "\(csv)")
        #expect(!csv.contains(",\t=HYPERLINK"))
        #expect(await daemon.stopped() == 0)
        for secret in ["440307198802294442", "李小红"] { #expect(!daemon.log.contains(secret), "the log carries \(secret)") }
    }
}
