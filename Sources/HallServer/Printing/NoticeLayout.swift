import EscPos

/// The printed layout of every written document of the window (R4; seed 004 §9.3–9.5,
/// seed 003 §二(二)): acceptance notice (受理通知书), one-time correction notice
/// (一次性告知书), refusal decision (不予受理决定书), pledge (承诺书), delegation receipt
/// (委托代办回执). One generic shape from A to Z: header, title and number, the facts as
/// label–value lines, numbered sections, signature lines, a code to look the case up, and
/// the hall's contact lines.
public struct NoticeLayout: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) { self.label = label; self.value = value }
    }

    public struct Section: Sendable, Equatable {
        public var heading: String
        public var lines: [String]
        /// Lines numbered 1., 2., … (a list of materials, of reasons).
        public var numbered: Bool
        public init(_ heading: String, _ lines: [String], numbered: Bool = true) {
            self.heading = heading; self.lines = lines; self.numbered = numbered
        }
    }

    public var hallName: String
    public var title: String
    /// The document's own number (文书编号), or the case number.
    public var number: String?
    public var fields: [Field]
    public var sections: [Section]
    /// Who signs: `申请人（签字）`, `受理人`.
    public var signatures: [String]
    /// A link to the case's progress page, printed as a QR code.
    public var progressURL: String?
    /// The case number as a CODE128 barcode for the back office's scanner.
    public var barcode: String?
    /// Contact and supervision lines (咨询电话, 监督投诉电话).
    public var footer: [String]
    /// Hall-local time of a reprint; nil for the first print.
    public var reprintedAt: String?

    public init(hallName: String, title: String, number: String? = nil, fields: [Field] = [], sections: [Section] = [],
                signatures: [String] = [], progressURL: String? = nil, barcode: String? = nil, footer: [String] = [],
                reprintedAt: String? = nil) {
        self.hallName = hallName; self.title = title; self.number = number; self.fields = fields; self.sections = sections
        self.signatures = signatures; self.progressURL = progressURL; self.barcode = barcode; self.footer = footer
        self.reprintedAt = reprintedAt
    }

    public func document(paper: PaperWidth) -> PrintDocument {
        var d = PrintDocument()
        if let reprintedAt {
            d.append(.text("** 补打 REPRINT **", TextStyle(alignment: .center, bold: true)))
            d.append(.text("补打时间 " + reprintedAt, .centered))
        }
        d.append(.text(hallName, .centered))
        d.append(.text(title, TextStyle(alignment: .center, bold: true, width: 2, height: 2)))
        if let number { d.append(.text("编号：" + number, .centered)) }
        d.append(.rule())
        for field in fields { d.append(.pair(field.label, field.value)) }
        for section in sections {
            d.append(.rule())
            d.append(.text(section.heading, TextStyle(bold: true)))
            for (index, line) in section.lines.enumerated() {
                d.append(.text(section.numbered ? "\(index + 1). \(line)" : line))
            }
        }
        if !signatures.isEmpty {
            d.append(.rule())
            for signature in signatures {
                d.append(.feed(1))
                let label = signature + "："
                let line = min(paper.columns / 2, paper.columns - DisplayWidth.columns(of: label) - 1)
                d.append(.pair(label, String(repeating: "_", count: max(line, 6))))
            }
        }
        if let barcode { d.append(.code128(barcode, height: 48, moduleWidth: 2)) }
        if let progressURL {
            d.append(.qrCode(progressURL, moduleSize: paper == .mm58 ? 4 : 5))
            d.append(.text("扫码查询办理进度", .centered))
        }
        if !footer.isEmpty {
            d.append(.rule())
            for line in footer { d.append(.text(line, .centered)) }
        }
        d.append(.cut())
        return d
    }
}
