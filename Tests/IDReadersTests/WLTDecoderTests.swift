import Foundation
import IDReaders
import TestSupport
import Testing

/// The vendor's WLT library loaded at run time, here a stand-in built by the test
/// (``buildWLTStandIn()``): what is exercised is the loading, the call and the checks around it.
@Suite("WLT photo decoder loaded with dlopen", .timeLimit(.minutes(5)))
struct WLTDecoderTests {
    @Test func photoIsDecodedTo102By126() async throws {
        let decoder = try WLTDecoder(libraryPath: try await buildWLTStandIn())
        let wlt = (0..<1024).map { UInt8($0 % 200) }
        let bgr = try decoder.decode(wlt)
        #expect(bgr.count == 102 * 126 * 3)
        #expect(bgr[0] == 0 && bgr[307] == UInt8(107 + 1), "the library's output is taken as it is")
    }

    @Test func everyFailureIsTyped() async throws {
        #expect(throws: WLTDecoder.Failure.self) { try WLTDecoder(libraryPath: "/nonexistent/libwlt2bmp.so") }
        #expect(throws: WLTDecoder.Failure.missingSymbol("unpack")) { try WLTDecoder(libraryPath: "libc.so.6") }
        let decoder = try WLTDecoder(libraryPath: try await buildWLTStandIn())
        #expect(throws: WLTDecoder.Failure.badPhoto(1000)) { try decoder.decode([UInt8](repeating: 1, count: 1000)) }
        #expect(throws: WLTDecoder.Failure.decoderRefused(-1)) { try decoder.decode([0x7F] + [UInt8](repeating: 1, count: 1023)) }
    }
}
