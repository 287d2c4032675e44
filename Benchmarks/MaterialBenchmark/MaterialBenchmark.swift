import Cameras
import Foundation
import HallServer
import IntakeCore
import IntakeStore
import GRDB
import Logging

/// Capture → stored and attached: the simulated document camera of window 4 makes an A4
/// page (render and JPEG encode, as a camera frame is checked and fixed), then the hall
/// stores it by hash (file flushed) and attaches it in one transaction with its archive
/// entry; and what each page costs on disk.
/// `swift build -c release --product material-benchmark && .build/release/material-benchmark [PAGES]`.
@main
struct MaterialBenchmark {
    static func main() async throws {
        let pages = max(1, Int(CommandLine.arguments.dropFirst().first ?? "") ?? 50)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-materialbench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let catalog = try HallFiles.loadCatalog(path: nil)
        let layout = try HallFiles.loadLayout(path: nil, catalog: catalog)
        let writer = try HallDatabase.open(path: dir + "/onevisit.sqlite")
        let hall = try Hall(writer: writer, catalog: catalog, layout: layout, logger: logger,
                            cameras: HallCameras.make(settings: .simulatedDefault(layout: layout), simulate: true),
                            materialsDirectory: dir + "/materials")
        let c = try await hall.intake.open(CaseRequest(bundleID: "newborn", windowID: "4"), by: "s004")
        let simulator = hall.cameras.camera(window: "4")!.simulator!
        _ = try await writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let dbBefore = fileSize(dir + "/onevisit.sqlite") + fileSize(dir + "/onevisit.sqlite-wal")

        var captureTimes: [Duration] = [], storeTimes: [Duration] = []
        var jpegBytes = 0
        for n in 0..<pages {
            simulator.lay(.generated(title: "居民身份证 第\(n + 1)页", lines: ["示例材料 \(n)", "政务服务中心 模拟高拍仪", c.number]))
            let t0 = ContinuousClock.now
            let still = try await hall.cameras.capture(window: "4")
            let t1 = ContinuousClock.now
            _ = try await hall.materials.attach(CapturedPage(jpeg: still.jpeg, width: still.width, height: still.height, device: still.device),
                                                case: c.number, material: "resident-id-card", by: "s004", at: Date())
            let t2 = ContinuousClock.now
            captureTimes.append(t1 - t0)
            storeTimes.append(t2 - t1)
            jpegBytes += still.jpeg.count
        }
        // The write-ahead log is folded in first: what stays on disk, not the log's page images.
        _ = try await writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let dbAfter = fileSize(dir + "/onevisit.sqlite") + fileSize(dir + "/onevisit.sqlite-wal")
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: dir + "/materials").filter { $0.hasSuffix(".jpg") }
            .reduce(0) { $0 + fileSize(dir + "/materials/" + $1) }
        captureTimes.sort(); storeTimes.sort()
        let total = zip(captureTimes, storeTimes).map { $0 + $1 }.sorted()
        print("pages \(pages) (A4 1240×1754 gray from the simulated camera)")
        print("capture.ms.p50 \(milli(captureTimes[pages / 2])) (render + JPEG encode in the simulator)")
        print("store_and_attach.ms.p50 \(milli(storeTimes[pages / 2])) p99 \(milli(storeTimes[min(pages - 1, pages * 99 / 100)])) max \(milli(storeTimes.last!))")
        print("capture_to_attached.ms.p50 \(milli(total[pages / 2]))")
        print("storage.jpeg_bytes_per_page \(jpegBytes / pages)")
        print("storage.files_bytes_per_page \(onDisk / pages)")
        print("storage.database_bytes_per_page \((dbAfter - dbBefore) / pages) (page row, case update, event, archive entry)")
        let verify = try await Archive.verify(writer, blobs: hall.materials.blobs)
        print("archive.entries \(verify.entries) intact \(verify.firstBroken == nil)")
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func milli(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1e3) }
}
