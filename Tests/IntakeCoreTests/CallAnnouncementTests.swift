import Testing
@testable import IntakeCore

@Suite("What the board shows and says for a call")
struct CallAnnouncementTests {
    @Test func showsTicketAndWindow() {
        #expect(CallAnnouncement(ticket: "A012", window: "3").displayText == "请 A012 号到 3 号窗口办理")
    }

    @Test func readsTheTicketDigitByDigitAndTheWindowAsANumber() {
        let spoken = CallAnnouncement(ticket: "A012", window: "12").spokenText
        #expect(spoken == "请 A 零 一 二 号，到 12 号窗口办理")
    }

    @Test func aRecallSaysSoFirst() {
        #expect(CallAnnouncement(ticket: "B100", window: "4", recall: 1).spokenText == "重呼，请 B 一 零 零 号，到 4 号窗口办理")
    }
}
