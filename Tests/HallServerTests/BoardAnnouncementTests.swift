import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// The board that speaks: each call carries its announcement, and its WAV is espeak-ng's
/// Mandarin voice saying it.
@Suite("Board announcements", .timeLimit(.minutes(5)))
struct BoardAnnouncementTests {
    @Test func aCallCarriesItsAnnouncementAndItsWAVSaysIt() async throws {
        let (hall, _) = try await makeTestHall()
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        let clerk = try await hall.session("clerk3", window: "3")
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: #"{"queue": "general"}"#) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/v1/windows/3/call-next", method: .post, as: clerk) { #expect($0.status == .ok) }
            let calls = try await client.execute(uri: "/api/v1/board", method: .get, as: nil) { try json($0.body)["calls"] as? [[String: Any]] ?? [] }
            let call = try #require(calls.last)
            #expect(call["announcement"] as? String == "请 A001 号到 3 号窗口办理")
            #expect(call["spokenText"] as? String == "请 A 零 零 一 号，到 3 号窗口办理")
            let url = try #require(call["announcementURL"] as? String)
            #expect(url == "/api/v1/board/announcements/\(try #require(call["sequence"] as? Int)).wav")

            try await client.execute(uri: url, method: .get, as: nil) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "audio/wav")
                let wav = try #require(WAVInfo(Array(response.body.readableBytesView)), "a RIFF WAVE file")
                #expect(wav.channels == 1 && wav.sampleRate >= 16000)
                #expect(wav.seconds > 1.0, "a whole sentence, not a click: \(wav.seconds) s")
            }
            try await client.execute(uri: "/api/v1/board/announcements/12345.wav", method: .get, as: nil) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("the board keeps the last 20 calls"))
            }
            try await client.execute(uri: "/api/v1/board/announcements/x.wav", method: .get, as: nil) { #expect($0.status == .badRequest) }
        }
    }

    /// espeak-ng's plain `cmn` voice reads the pinyin of its dictionary as English ("king
    /// three" for 请): the voice the hall uses must stay in Mandarin for every character.
    @Test func theVoiceSaysTheCallInMandarin() async throws {
        let espeak = try #require(AnnouncementVoice.installed(), "espeak-ng is installed by scripts/system-packages")
        let (phonemes, status) = try await runProgram(espeak, ["-v", AnnouncementVoice.mandarin, "-q", "-x", "--", "请 A 零 零 一 号，到 3 号窗口办理"])
        #expect(status == 0)
        #expect(!phonemes.contains("(en)"), "switched to English: \(phonemes)")
        #expect(phonemes.contains("l'i35N"), "零 said as líng: \(phonemes)")
    }

    @Test func withoutEspeakTheVoiceSaysItIsUnavailable() async throws {
        let (hall, _) = try await makeTestHall()
        _ = try await hall.session("clerk3", window: "3")
        _ = try await hall.tickets.issue(.queue("general"), priority: nil)
        _ = try await hall.windows.callNext(window: "3")
        let call = try #require(hall.board.recent.last)
        await #expect(throws: AnnouncementVoice.Failure.unavailable) { try await AnnouncementVoice(executable: nil).wav(for: call) }
        await #expect(throws: AnnouncementVoice.Failure.self) { try await AnnouncementVoice(executable: "/bin/false").wav(for: call) }
        // A synthesiser that hangs is stopped, and the board's request is answered.
        let hang = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-hang-\(UUID().uuidString).sh").path
        try "#!/bin/sh\nexec sleep 60\n".write(toFile: hang, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hang)
        defer { try? FileManager.default.removeItem(atPath: hang) }
        await #expect(throws: AnnouncementVoice.Failure.self) {
            try await AnnouncementVoice(executable: hang, renderLimit: .milliseconds(300)).wav(for: call)
        }
    }
}

/// The header of a RIFF WAVE file: enough to know it is audio and how long it lasts.
struct WAVInfo {
    var channels: Int, sampleRate: Int, byteRate: Int, dataBytes: Int
    var seconds: Double { Double(dataBytes) / Double(max(byteRate, 1)) }

    init?(_ bytes: [UInt8]) {
        func text(_ at: Int) -> String { String(decoding: bytes[at..<at + 4], as: UTF8.self) }
        func le(_ at: Int, _ count: Int) -> Int { (0..<count).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        guard bytes.count > 44, text(0) == "RIFF", text(8) == "WAVE" else { return nil }
        var at = 12, format: (Int, Int, Int)?, data: Int?
        while at + 8 <= bytes.count {
            let size = le(at + 4, 4)
            if text(at) == "fmt " { format = (le(at + 10, 2), le(at + 12, 4), le(at + 16, 4)) }
            // espeak-ng writes to stdout with an unknown length (0x7fffffff): the rest is data.
            if text(at) == "data" { data = min(size, bytes.count - at - 8); break }
            at += 8 + size
        }
        guard let format, let data, format.0 > 0 else { return nil }
        (channels, sampleRate, byteRate, dataBytes) = (format.0, format.1, format.2, data)
    }
}
