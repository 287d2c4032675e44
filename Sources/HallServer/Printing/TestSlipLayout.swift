import EscPos
import Foundation

/// The technician's test slip (R8, seed 001 §一(一)5 打印机): what a queue ticket needs of a
/// printer — Chinese text in the double-byte font, double size, a rule, a QR code and the
/// cut — on a short slip that names the printer and the time, and no citizen's data.
public struct TestSlipLayout: Sendable {
    public var hallName: String
    public var printerID: String
    public var paper: PaperWidth
    /// Hall-local time, `2026-11-23 09:41`.
    public var printedAt: String
    public var technician: String
    /// What the QR code carries: the hall's public address, so a scan also checks the code.
    public var qrPayload: String

    public init(hallName: String, printerID: String, paper: PaperWidth, printedAt: String, technician: String, qrPayload: String) {
        self.hallName = hallName; self.printerID = printerID; self.paper = paper; self.printedAt = printedAt
        self.technician = technician; self.qrPayload = qrPayload
    }

    public func document() -> PrintDocument {
        var d = PrintDocument()
        d.append(.text("打印测试", .heading))
        d.append(.text(hallName, .centered))
        d.append(.rule())
        d.append(.pair("打印机", printerID))
        d.append(.pair("纸宽", "\(paper.rawValue) mm"))
        d.append(.pair("时间", printedAt))
        d.append(.pair("测试人", technician))
        d.append(.text("中文字库：政务服务 只跑一次 一窗受理", TextStyle(bold: true)))
        d.append(.text("ABCDEFGHIJ 0123456789", .centered))
        d.append(.qrCode(qrPayload, moduleSize: paper == .mm58 ? 4 : 5, errorCorrection: .medium))
        d.append(.text("扫码应打开本大厅地址", .centered))
        d.append(.rule())
        d.append(.text("本页为设备测试，无需保留", .centered))
        d.append(.cut())
        return d
    }
}
