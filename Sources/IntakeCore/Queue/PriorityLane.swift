/// Who may use the priority lane (绿色通道): seed 001 §二(三)2.
public enum PriorityReason: String, Codable, Sendable, CaseIterable {
    case soldier
    case fireRescue
    case medicalStaff
    case elderly
    case sick
    case disabled
    case pregnant

    public var chineseName: String {
        switch self {
        case .soldier: "军人"
        case .fireRescue: "消防救援人员"
        case .medicalStaff: "医务人员"
        case .elderly: "老年人"
        case .sick: "患病群众"
        case .disabled: "残疾人"
        case .pregnant: "孕妇"
        }
    }
}

/// How far ahead priority tickets go: tickets are called by weight (higher first), then by
/// issue time. Ordinary tickets weigh 0.
public struct PriorityPolicy: Codable, Sendable, Hashable {
    public var weights: [PriorityReason: Int]
    /// Weight of every ticket in a dedicated priority-lane queue.
    public var laneWeight: Int
    /// From this age a card holder gets the `elderly` lane at a kiosk's ID reader.
    public var elderlyAge: Int

    public init(weights: [PriorityReason: Int] = Dictionary(uniqueKeysWithValues: PriorityReason.allCases.map { ($0, 1) }),
                laneWeight: Int = 1, elderlyAge: Int = 70) {
        self.weights = weights; self.laneWeight = laneWeight; self.elderlyAge = elderlyAge
    }

    enum CodingKeys: String, CodingKey { case weights, laneWeight, elderlyAge }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PriorityPolicy()
        weights = try c.decodeIfPresent([PriorityReason: Int].self, forKey: .weights) ?? defaults.weights
        laneWeight = try c.decodeIfPresent(Int.self, forKey: .laneWeight) ?? defaults.laneWeight
        elderlyAge = try c.decodeIfPresent(Int.self, forKey: .elderlyAge) ?? defaults.elderlyAge
    }

    /// The priority of a real-name ticket: the reason the citizen chose, else the lane by age
    /// from `elderlyAge` (seed 001 §二(三)2), the same at the kiosk and at an appointment's check-in.
    public func reason(chosen: PriorityReason?, holderAge: Int) -> PriorityReason? {
        chosen ?? (holderAge >= elderlyAge ? .elderly : nil)
    }

    public func weight(of reason: PriorityReason?, inLane: Bool) -> Int {
        let own = reason.map { weights[$0] ?? 1 } ?? 0
        return max(own, inLane ? laneWeight : 0)
    }
}
extension PriorityReason: CodingKeyRepresentable {}
