/// What the display board shows and says for a call (R1 叫号; halls call numbers aloud).
///
/// The shown text is "请 A012 号到 3 号窗口办理". The spoken text reads the ticket digit by
/// digit ("A 零 一 二"), so "A012" is never heard as "A 十二", and says the window as a number
/// ("3 号窗口"). Both the ticket and the window are always said: a citizen who hears half a
/// call must not walk to the wrong counter. A recall says so first, so people already
/// walking know it is the same number again.
public struct CallAnnouncement: Sendable, Hashable, Codable {
    /// The text shown on the board.
    public var displayText: String
    /// The text given to the speech synthesiser.
    public var spokenText: String

    public init(ticket: String, window: String, recall: Int = 0) {
        displayText = "请 \(ticket) 号到 \(window) 号窗口办理"
        let spokenTicket = ticket.map { Self.digitNames[$0].map(String.init) ?? String($0) }.joined(separator: " ")
        spokenText = (recall > 0 ? "重呼，" : "") + "请 \(spokenTicket) 号，到 \(window) 号窗口办理"
    }

    /// Chinese digit names; 零 rather than 〇 because the synthesiser reads it as a word.
    static let digitNames: [Character: Character] = [
        "0": "零", "1": "一", "2": "二", "3": "三", "4": "四",
        "5": "五", "6": "六", "7": "七", "8": "八", "9": "九",
    ]
}
