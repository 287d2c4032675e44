/// A service window (窗口) of the hall and the queues it calls from, in order.
public struct ServiceWindow: Codable, Sendable, Hashable, Identifiable {
    /// The window number shown above the counter and on the display board.
    public var id: String
    public var name: String
    public var kind: WindowKind
    /// Queue ids this window calls from; earlier queues first.
    public var queues: [String]

    public init(id: String, name: String, kind: WindowKind, queues: [String]) {
        self.id = id; self.name = name; self.kind = kind; self.queues = queues
    }
}

/// Kinds of window (seed 000 §7, seed 002 服务场所).
public enum WindowKind: String, Codable, Sendable, CaseIterable {
    /// 综合窗口: accepts every item (一窗受理).
    case comprehensive
    /// 专窗: a field or group (跨省通办, 全区通办, enterprise zone…).
    case special
    /// 统一出件窗口.
    case pickup
    /// 帮办代办.
    case proxyService
    /// 办不成事反映窗口.
    case couldntGetItDone
}

/// The staff member signed in at a window.
public struct StaffMember: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}
