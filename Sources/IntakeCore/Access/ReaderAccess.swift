/// Who may take a card off an ID reader (R8): a kiosk's reader belongs to that enrolled
/// kiosk, and a window's reader to the clerk signed in at that window. Whoever else asks
/// would read another citizen's card.
public enum ReaderAccess {
    public enum Owner: Sendable, Equatable {
        case kiosk(String)
        case window(String)
    }

    public static func mayTakeCard(from owner: Owner, readerID: String, by caller: Caller) -> AccessDecision {
        switch (owner, caller) {
        case (.kiosk(let id), .kiosk(let device)):
            return device.id == id ? .allowed : .forbidden("reader \(readerID) belongs to kiosk \(id), not to \(device.id)")
        case (.window(let w), .staff(let s)):
            return s.has(.clerk) && s.windowID == w ? .allowed : .forbidden("reader \(readerID) belongs to the clerk signed in at window \(w)")
        case (.kiosk(let id), .anonymous):
            return .unauthenticated("reader \(readerID) is kiosk \(id)'s: the kiosk sends its device token")
        case (.window(let w), .anonymous):
            return .unauthenticated("reader \(readerID) is window \(w)'s: sign in there first")
        case (.kiosk(let id), .staff):
            return .forbidden("reader \(readerID) belongs to kiosk \(id)")
        case (.window(let w), .kiosk):
            return .forbidden("reader \(readerID) belongs to window \(w)")
        }
    }
}
