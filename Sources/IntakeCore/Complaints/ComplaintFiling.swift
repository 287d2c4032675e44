import Foundation

/// A new complaint as filed (seed 004 §10.2): checked field by field, every problem at once
/// with its field, before it takes a number.
public struct ComplaintFiling: Sendable, Equatable {
    public var channel: ComplaintChannel
    public var type: ComplaintType
    public var unit: String?
    public var windowID: String?
    public var staffID: String?
    public var content: String
    public var demand: String
    public var complainant: Complainant

    public static let contentLimit = 2000, demandLimit = 500, unitLimit = 60, nameLimit = 40

    public init(channel: ComplaintChannel, type: ComplaintType, unit: String? = nil, windowID: String? = nil, staffID: String? = nil,
                content: String, demand: String, complainant: Complainant = Complainant()) {
        self.channel = channel; self.type = type; self.unit = unit; self.windowID = windowID; self.staffID = staffID
        self.content = content; self.demand = demand; self.complainant = complainant
    }

    /// The filing with blank optional fields as nil, text trimmed, the phone's separators gone.
    public var tidied: ComplaintFiling {
        func tidy(_ s: String?) -> String? {
            let t = s?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return t.isEmpty ? nil : t
        }
        var f = self
        f.unit = tidy(unit); f.windowID = tidy(windowID); f.staffID = tidy(staffID)
        f.content = content.trimmingCharacters(in: .whitespacesAndNewlines)
        f.demand = demand.trimmingCharacters(in: .whitespacesAndNewlines)
        f.complainant = Complainant(name: tidy(complainant.name), phone: tidy(complainant.phone)?.filter { $0 != " " && $0 != "-" })
        return f
    }

    /// Every problem of the (tidied) filing, by field.
    /// - Parameters:
    ///   - byStaff: entered by staff (window, phone, letter) rather than by the citizen (kiosk, online).
    ///   - windows: the hall's windows.
    ///   - staff: the staff member `staffID` names, when there is one.
    public func problems(byStaff: Bool, windows: Set<String>, staff: StaffMember?) -> [ComplaintFieldProblem] {
        var p: [ComplaintFieldProblem] = []
        func add(_ field: String, _ message: String) { p.append(ComplaintFieldProblem(field: field, message: message)) }
        if channel.enteredByStaff != byStaff {
            add("channel", byStaff ? "staff enter complaints by window, phone or letter" : "citizens file at the kiosk or online")
        }
        if unit == nil && windowID == nil { add("unit", "name the unit or the window complained about") }
        if let unit, unit.count > Self.unitLimit { add("unit", "at most \(Self.unitLimit) characters") }
        if let windowID, !windows.contains(windowID) { add("window", "the hall has no window \"\(windowID)\"") }
        if let staffID, staff?.id != staffID { add("staffID", "no staff member \"\(staffID)\"") }
        if content.isEmpty { add("content", "say what happened") } else if content.count > Self.contentLimit {
            add("content", "at most \(Self.contentLimit) characters")
        }
        if demand.isEmpty { add("demand", "say what the complainant asks for") } else if demand.count > Self.demandLimit {
            add("demand", "at most \(Self.demandLimit) characters")
        }
        if let name = complainant.name, name.count > Self.nameLimit { add("name", "at most \(Self.nameLimit) characters") }
        if let phone = complainant.phone, !(7...15).contains(phone.count) || !phone.allSatisfy({ $0.isASCII && $0.isNumber }) {
            add("phone", "a telephone number of 7 to 15 digits")
        }
        return p
    }

    /// The complaint as received, with its number and its deadline to answer.
    /// - Parameter ratingCode: the complainant's code for rating the result (``Complaint/ratingCode``).
    public func received(number: String, on day: CivilDay, at now: Date, by: String, staff: StaffMember?,
                         policy: ComplaintPolicy, calendar: WorkingCalendar, ratingCode: String? = nil) -> Complaint {
        Complaint(number: number, channel: channel, type: type, unit: unit, windowID: windowID, staffID: staff?.id, staffName: staff?.name,
                  content: content, demand: demand, complainant: complainant, state: .received, receivedOn: day,
                  answerDue: ComplaintDeadline.due(receivedOn: day, policy: policy, calendar: calendar),
                  received: ComplaintStep(at: now, by: by), investigating: nil, answered: nil, closed: nil, answer: nil, published: nil,
                  ratingCode: ratingCode)
    }
}

/// One field of a filing at fault, named as the API's body names it.
public struct ComplaintFieldProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public var description: String { "\(field): \(message)" }
}
