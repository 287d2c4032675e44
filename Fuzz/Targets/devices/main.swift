import Foundation
import FuzzSupport
import HallServer
import IntakeCore

// The devices file (printers, readers, keypads with their key maps, cameras), checked
// against the demo hall, as `onevisit config check` and the daemon read it.
enum Demo {
    static let layout: HallLayout = {
        do { return try HallFiles.loadLayout(path: nil, catalog: HallFiles.loadCatalog(path: nil)) } catch {
            fatalError("no demo hall: \(error)")
        }
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Data(fuzzBytes(data, size))
    for simulate in [false, true] {
        _ = try? DeviceSettings.load(bytes, file: "devices.json", layout: Demo.layout, simulate: simulate)
    }
    return 0
}

runFuzzer(testOneInput)
