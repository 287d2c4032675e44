import EscPos
import Hummingbird
import NIOCore
import PaperRendering

extension CaseRoutes {
    /// `GET /api/v1/cases/{number}/documents/{id}/preview.png`: the document's ESC/POS bytes
    /// played as a thermal printer would, so the clerk's console shows the paper before it is
    /// handed over and the department desk can read it. The applicant on it is masked, as on
    /// paper; each view is audited all the same, as every view of a case's papers is (R8).
    func registerPreview(on viewers: AudienceRoutes) {
        viewers.get("/api/v1/cases/{number}/documents/{id}/preview.png", binding: .caseSeen) { _, context in
            let document = try await document(context)
            let font = intake.printers.encoderFont ?? GlyphFont.system()
            let png: [UInt8]
            do {
                let bytes = try EscPosEncoder(paper: .mm80, rasterizer: intake.printers.encoderFont)
                    .encode(intake.noticeLayout(of: document).document(paper: .mm80)).bytes
                png = try ReceiptRenderer(paper: .mm80, font: font).render(bytes).image.pngData()
            } catch {
                throw APIError.internalError("cannot draw the preview of document \(document.number): \(error)")
            }
            try await accounts.audit(try context.staff(), caseNumber: context.parameters.get("number"), what: "document",
                                     detail: "\(document.kind.rawValue) \(document.number)")
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
    }
}
