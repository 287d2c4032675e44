import Foundation
import IDCard
import TestSupport
import Testing

/// `onevisit idcard decode` on a frame captured from a reader.
@Suite("onevisit idcard decode", .timeLimit(.minutes(5)))
struct IDCardDecodeCLITests {
    static let cli = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent().appendingPathComponent("onevisit").path

    static func run(_ arguments: [String]) async throws -> (output: String, status: Int32) { try await runProgram(cli, arguments) }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func frameIsDecodedWithTheNumberMaskedUnlessAsked() async throws {
        let card = try JSONDecoder().decode(Identity.self, from: Data("""
            {"cardType": "residentCard", "name": "张建国", "gender": "1", "ethnicity": "02", "birthDate": "1950-03-12",
             "address": "内蒙古自治区鄂尔多斯市东胜区示例路1号", "number": "15060219500312123X",
             "authority": "鄂尔多斯市公安局东胜分局", "validFrom": "2015-06-01", "validTo": "长期"}
            """.utf8))
        let frame = SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData(card, withFingerprint: false)).frame
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-frame-\(UUID().uuidString).hex").path
        // As a technician pastes it from a serial monitor: spaced, wrapped.
        let hex = stride(from: 0, to: frame.count, by: 16).map { start in
            frame[start..<min(start + 16, frame.count)].map { String(format: "%02X", $0) }.joined(separator: " ")
        }.joined(separator: "\n")
        try hex.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let masked = try await Self.run(["idcard", "decode", "--hex", file])
        #expect(masked.status == 0, "\(masked.output)")
        #expect(masked.output.contains("frame: 1295 bytes, status ok (SW3 0x90)"))
        #expect(masked.output.contains("1506**********123X"))
        #expect(!masked.output.contains("15060219500312123X"))
        #expect(masked.output.contains("蒙古 (02)"))
        #expect(masked.output.contains("1950-03-12"))

        let full = try await Self.run(["idcard", "decode", "--hex", file, "--show-number"])
        #expect(full.output.contains("15060219500312123X"))

        var broken = frame
        broken[200] ^= 0x01
        try broken.map { String(format: "%02x", $0) }.joined().write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try await Self.run(["idcard", "decode", "--hex", file])
        #expect(bad.status == 1)
        #expect(bad.output.contains("checksum"), "\(bad.output)")
    }
}
