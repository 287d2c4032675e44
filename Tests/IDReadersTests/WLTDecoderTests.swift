import Foundation
import IDReaders
import TestSupport
import Testing

/// The vendor's WLT library loaded at run time. No vendor library can be had here, so the
/// test builds a stand-in with the same C signature (`int unpack(char*, char*, int)`);
/// what is exercised is the loading, the call and the checks around it.
@Suite("WLT photo decoder loaded with dlopen", .timeLimit(.minutes(5)))
struct WLTDecoderTests {
    static func standIn() async throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-wlt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            /* Stand-in for a reader vendor's libwlt2bmp.so: 102x126 BGR from the WLT bytes; refuses a photo starting 0x7F. */
            int unpack(char *wlt, char *bgr, int save_bmp) {
                if ((unsigned char)wlt[0] == 0x7F) return -1;
                for (int i = 0; i < 102 * 126 * 3; i++) bgr[i] = (char)(wlt[i % 1024] + i / 306);
                return 1;
            }
            """.write(toFile: dir + "/wlt.c", atomically: true, encoding: .utf8)
        let built = try await runProgram("/usr/bin/cc", ["-shared", "-fPIC", "-o", dir + "/libwlt2bmp.so", dir + "/wlt.c"])
        guard built.status == 0 else { throw TestFailure("cc failed: \(built.output)") }
        return dir + "/libwlt2bmp.so"
    }

    @Test func photoIsDecodedTo102By126() async throws {
        let decoder = try await WLTDecoder(libraryPath: try Self.standIn())
        let wlt = (0..<1024).map { UInt8($0 % 200) }
        let bgr = try decoder.decode(wlt)
        #expect(bgr.count == 102 * 126 * 3)
        #expect(bgr[0] == 0 && bgr[307] == UInt8(107 + 1), "the library's output is taken as it is")
    }

    @Test func everyFailureIsTyped() async throws {
        #expect(throws: WLTDecoder.Failure.self) { try WLTDecoder(libraryPath: "/nonexistent/libwlt2bmp.so") }
        #expect(throws: WLTDecoder.Failure.missingSymbol("unpack")) { try WLTDecoder(libraryPath: "libc.so.6") }
        let decoder = try await WLTDecoder(libraryPath: try Self.standIn())
        #expect(throws: WLTDecoder.Failure.badPhoto(1000)) { try decoder.decode([UInt8](repeating: 1, count: 1000)) }
        #expect(throws: WLTDecoder.Failure.decoderRefused(-1)) { try decoder.decode([0x7F] + [UInt8](repeating: 1, count: 1023)) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
