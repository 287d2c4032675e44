import Foundation

/// A stand-in for a reader vendor's WLT library (`libwlt2bmp.so`), built with the machine's
/// C compiler: no vendor library can be had here, so tests get one with the same C signature
/// (`int unpack(char*, char*, int)`). It writes 102×126 BGR from the WLT bytes and refuses a
/// photo starting 0x7F; its path is returned.
public func buildWLTStandIn() async throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-wlt-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try """
        int unpack(char *wlt, char *bgr, int save_bmp) {
            if ((unsigned char)wlt[0] == 0x7F) return -1;
            for (int i = 0; i < 102 * 126 * 3; i++) bgr[i] = (char)(wlt[i % 1024] + i / 306);
            return 1;
        }
        """.write(toFile: dir + "/wlt.c", atomically: true, encoding: .utf8)
    let built = try await runProgram("/usr/bin/cc", ["-shared", "-fPIC", "-o", dir + "/libwlt2bmp.so", dir + "/wlt.c"])
    guard built.status == 0 else { throw StandInFailure(output: built.output) }
    return dir + "/libwlt2bmp.so"
}

struct StandInFailure: Error, CustomStringConvertible {
    var output: String
    var description: String { "cc could not build the WLT stand-in: \(output)" }
}
