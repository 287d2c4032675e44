import Cameras
import EscPos
import Foundation
import IDCard
import Keypads

// Writes the seed corpus under Fuzz/Corpus/TARGET from the encoders the simulators use, so
// every target starts from frames and files the field sends (`scripts/fuzz seeds`). The
// file-based seeds (small catalogs cut from the demo one by catalog-seeds.py, the demo hall,
// the example devices file, the python-escpos ticket) are made by scripts/fuzz itself.
let root = CommandLine.arguments.dropFirst().first ?? "Fuzz/Corpus"

func write(_ target: String, _ name: String, _ bytes: [UInt8]) {
    let directory = root + "/" + target
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(bytes))
}

// ID cards: one of each layout, as read data and inside the reader's reply frame.
let photo = [UInt8](repeating: 0x33, count: 1024)
let cards: [(String, Identity)] = [
    ("resident", Identity(cardType: .residentCard, name: "张建国", gender: .male, ethnicity: Ethnicity(code: "02"),
                          birthDate: CardDate(year: 1950, month: 3, day: 12)!, address: "示例路1号", number: "15060219500312123X",
                          authority: "公安局", validFrom: CardDate(year: 2015, month: 6, day: 1)!, validTo: .longTerm, photoWLT: photo)),
    ("permit", Identity(cardType: .residencePermit, name: "陈美玲", gender: .female, birthDate: CardDate(year: 1990, month: 1, day: 1)!,
                        address: "示例街2号", number: "810000199001011230", authority: "公安局", validFrom: CardDate(year: 2021, month: 5, day: 20)!,
                        validTo: .until(CardDate(year: 2026, month: 5, day: 20)!), permitNumber: "H12345678", issueCount: 1, photoWLT: photo)),
    ("foreign2017", Identity(cardType: .foreignPermanentResident2017, name: "史密斯", englishName: "SMITH, JOHN", gender: .male,
                             birthDate: CardDate(year: 1980, month: 7, day: 15)!, number: "USA110080071501", authority: "1500",
                             validFrom: CardDate(year: 2018, month: 1, day: 1)!, validTo: .until(CardDate(year: 2028, month: 1, day: 1)!),
                             nationality: Nationality(code: "USA"), cardVersion: "10", photoWLT: photo)),
    ("foreign2023", Identity(cardType: .foreignPermanentResident2023, name: "玛丽亚", englishName: "GARCIA LOPEZ, MARIA", gender: .female,
                             birthDate: CardDate(year: 1990, month: 7, day: 1)!, number: "910840199007010026",
                             validFrom: CardDate(year: 2024, month: 3, day: 1)!, validTo: .until(CardDate(year: 2034, month: 3, day: 1)!),
                             nationality: Nationality(code: "ESP"), renewalCount: 0, photoWLT: photo)),
]
for (name, card) in cards {
    for fingerprint in [false, true] {
        let data = CardTextEncoder.readData(card, withFingerprint: fingerprint)
        let suffix = fingerprint ? "-fingerprint" : ""
        write("card-text", name + suffix, data)
        write("sam-frame", name + suffix, SAMFrame.Reply(sw3: 0x90, data: data).frame)
    }
}
write("sam-frame", "no-card", SAMFrame.Reply(sw3: 0x80).frame)
write("sam-frame", "find-ok", SAMFrame.Reply(sw3: 0x9F, data: [0, 0, 0, 0]).frame)

// ESC/POS: a queue ticket as the kiosk prints it.
let ticket = PrintDocument([
    .text("政务服务中心", .heading), .text("B001", TextStyle(alignment: .center, bold: true, width: 3, height: 3)),
    .pair("新生儿出生", "等候 3 人"), .rule(), .qrCode("https://hall.example/t/B001"), .code128("B001-20261204"),
    .image(Raster(width: 16, height: 4, bits: [UInt8](repeating: 0xA5, count: 8))!), .feed(2), .cut(),
])
if let bytes = try? EscPosEncoder(paper: .mm80).encode(ticket).bytes {
    write("escpos-parser", "kiosk-ticket", bytes)
    write("escpos-render", "kiosk-ticket", bytes)
}

// Keypads: a press of every level, the release between, noise before a frame. The first
// byte of each seed picks the read sizes (Fuzz/Support).
func inputEvent(type: UInt16, code: UInt16, value: Int32) -> [UInt8] {
    [UInt8](repeating: 0, count: 16) + [UInt8(type & 0xFF), UInt8(type >> 8), UInt8(code & 0xFF), UInt8(code >> 8)]
        + withUnsafeBytes(of: value.littleEndian, Array.init)
}
var events: [UInt8] = [7]
for code: UInt16 in [2, 3, 4, 5, 6, 79] {
    events += inputEvent(type: 4, code: 4, value: 0x7001E) + inputEvent(type: 1, code: code, value: 1)
        + inputEvent(type: 0, code: 0, value: 0) + inputEvent(type: 1, code: code, value: 0)
}
write("keypad-evdev", "presses", events)
write("keypad-hidraw", "presses", [3] + [0x01, 0x10, 0x00, 0x01, 0x00, 0x00, 0x01, 0x04, 0x00, 0x01, 0x00, 0x00, 0x01, 0x01, 0x00])
let serial = SerialKeyMap.standard
write("keypad-serial", "presses", [5] + [0x00, 0x13] + (1...5).flatMap { serial.frame(address: 5, key: UInt8($0)) } + [0xAA, 0x05, 0x01, 0x00])
write("keypad-serial", "two-byte-header", [9] + [0x55, 0xAA, 0x03, 0x31, 0x55, 0xAA, 0x03, 0x35])

// JPEG: small frames as cameras send them, with Huffman tables and without (MJPEG).
func withoutHuffmanTables(_ jpeg: [UInt8]) -> [UInt8] {
    var out = Array(jpeg[0..<2]), i = 2
    while i + 3 < jpeg.count, jpeg[i] == 0xFF, jpeg[i + 1] != 0xDA {
        let length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
        if jpeg[i + 1] != 0xC4 { out += jpeg[i..<(i + 2 + length)] }
        i += 2 + length
    }
    return out + jpeg[i...]
}
for (name, width, height, components) in [("gray-16x16", 16, 16, 1), ("color-24x8", 24, 8, 3)] {
    let pixels = (0..<(width * height * components)).map { UInt8(truncatingIfNeeded: $0 * 7) }
    if let jpeg = try? JPEGCodec.encode(pixels, width: width, height: height, components: components, quality: 50) {
        write("jpeg-frame", name, jpeg)
        write("jpeg-frame", name + "-mjpeg", withoutHuffmanTables(jpeg))
    }
}
