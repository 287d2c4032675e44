/// The five levels of a 好差评 review (GB/T 39734-2020 §7.3; 国办发〔2019〕51号). Raw
/// values are the stars: 5 非常满意 … 1 非常不满意. The two lowest are bad reviews (差评).
public enum ReviewLevel: Int, Codable, Sendable, CaseIterable, Comparable {
    case veryDissatisfied = 1
    case dissatisfied = 2
    case fairlySatisfied = 3
    case satisfied = 4
    case verySatisfied = 5

    public var chineseName: String {
        switch self {
        case .verySatisfied: "非常满意"
        case .satisfied: "满意"
        case .fairlySatisfied: "基本满意"
        case .dissatisfied: "不满意"
        case .veryDissatisfied: "非常不满意"
        }
    }

    /// 不满意 and 非常不满意: a rectification task follows.
    public var isBad: Bool { self <= .dissatisfied }

    public static func < (a: ReviewLevel, b: ReviewLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Where a review was given (R6: at least the keypad at every window).
public enum ReviewChannel: String, Codable, Sendable, CaseIterable {
    /// The window's evaluation keypad (评价器), one per service (一次一评).
    case keypad
    /// The kiosk, for a citizen who did not rate at the window.
    case kiosk
    /// Online, once per case (一事一评).
    case online
}
