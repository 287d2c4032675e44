import Foundation
import FuzzSupport
import IntakeCore

// The hall layout file (queues, windows, calendar files), checked against the demo catalog.
enum Demo {
    static let catalog: Catalog = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Sources/HallServer/Resources/demo/catalog.json").standardized.path
        guard let data = FileManager.default.contents(atPath: file), let catalog = try? CatalogLoader.load(data, file: file) else {
            fatalError("no demo catalog at \(file)")
        }
        return catalog
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = try? HallLayout.load(Data(fuzzBytes(data, size)), file: "hall.json", catalog: Demo.catalog)
    return 0
}

runFuzzer(testOneInput)
