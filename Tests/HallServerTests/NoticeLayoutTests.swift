import EscPos
import Foundation
import HallServer
import PaperRendering
import TestSupport
import Testing

@Suite("Printed notices", .timeLimit(.minutes(5)))
struct NoticeLayoutTests {
    static let pledge = NoticeLayout(
        hallName: "示例旗政务服务中心", title: "容缺受理承诺书", number: "2026112300012",
        fields: [.init("申请人", "王**"), .init("事项", "新生儿出生"), .init("补正期限", "2026-11-30")],
        sections: [.init("容缺材料", ["民族成份确认书"]), .init("逾期未补正", ["视为撤回申请，已受理事项终止办理"], numbered: false)],
        signatures: ["申请人（签字）", "受理人"], progressURL: "http://127.0.0.1:8080/c/2026112300012", barcode: "2026112300012",
        footer: ["咨询电话 0477-0000000", "监督投诉电话 12345"])

    @Test func everyPartPrintsInOrderOnBothPaperWidths() throws {
        for paper in PaperWidth.allCases {
            let bytes = try EscPosEncoder(paper: paper).encode(Self.pledge.document(paper: paper)).bytes
            let receipt = ReceiptRenderer(paper: paper).render(bytes)
            #expect(receipt.problems.isEmpty)
            let lines = receipt.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let order = ["示例旗政务服务中心", "容缺受理承诺书", "编号：2026112300012", "容缺材料", "1. 民族成份确认书",
                         "逾期未补正", "视为撤回申请，已受理事项终止办理", "[CODE128] 2026112300012",
                         "[QR] http://127.0.0.1:8080/c/2026112300012", "扫码查询办理进度", "监督投诉电话 12345", "[partial cut]"]
            let positions = order.map { wanted in lines.firstIndex { $0 == wanted } }
            #expect(positions.allSatisfy { $0 != nil }, "\(paper): \(zip(order, positions).filter { $0.1 == nil }.map(\.0)) missing in\n\(receipt.text)")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(paper): parts out of order")
            #expect(lines.contains { $0.hasPrefix("申请人") && $0.hasSuffix("王**") })
            #expect(lines.contains { $0.hasPrefix("申请人（签字）：") && $0.hasSuffix("____") })
        }
    }

    @Test(.enabled(if: TestNeed.ocr.wanted, "opted out: ONEVISIT_TEST_WITHOUT=ocr"))
    func caseNumberAndProgressLinkScan() throws {
        let bytes = try EscPosEncoder(paper: .mm80).encode(Self.pledge.document(paper: .mm80)).bytes
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-notice-\(UUID().uuidString).png").path
        try Data(ReceiptRenderer(paper: .mm80).render(bytes).image.pngData()).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let decoded = try zbar(file)
        #expect(decoded.contains("CODE-128:2026112300012"), "\(decoded)")
        #expect(decoded.contains("QR-Code:http://127.0.0.1:8080/c/2026112300012"), "\(decoded)")
    }

    @Test func reprintIsMarked() throws {
        var again = Self.pledge
        again.reprintedAt = "2026-11-24 09:00"
        let text = ReceiptRenderer().render(try EscPosEncoder().encode(again.document(paper: .mm80)).bytes).text
        #expect(text.contains("** 补打 REPRINT **"))
        #expect(text.contains("补打时间 2026-11-24 09:00"))
    }
}
