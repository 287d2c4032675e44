/// The hall's queues, windows and calling rules, loaded from the hall layout file.
public struct HallLayout: Codable, Sendable {
    public var hallName: String
    /// IANA time zone of the hall, `Asia/Shanghai`.
    public var timeZone: String
    /// Shown at every window with the staff name and duty (seed 000 §8.5: 投诉电话).
    public var complaintPhone: String?
    public var queues: [ServiceQueue]
    public var windows: [ServiceWindow]
    public var priority: PriorityPolicy
    public var noShow: NoShowPolicy
    public var waitEstimate: WaitEstimator
    public var reviews: ReviewPolicy
    /// Holiday files, one per year (``HolidayYear``), relative to the hall file.
    public var calendarFiles: [String]
    /// What citizens may book and the check-in and no-show rules (R2).
    public var appointments = AppointmentSettings()
    /// The deadline to answer a complaint and its yellow card (seed 004 §10.1).
    public var complaints = ComplaintPolicy()
    /// The working days those files give; set by whoever reads them (not part of the file).
    public var workingCalendar = WorkingCalendar()

    public init(hallName: String, timeZone: String = "Asia/Shanghai", queues: [ServiceQueue], windows: [ServiceWindow],
                priority: PriorityPolicy = PriorityPolicy(), noShow: NoShowPolicy = NoShowPolicy(),
                waitEstimate: WaitEstimator = WaitEstimator(), reviews: ReviewPolicy = ReviewPolicy(),
                calendarFiles: [String] = [], workingCalendar: WorkingCalendar = WorkingCalendar()) {
        self.hallName = hallName; self.timeZone = timeZone; self.queues = queues; self.windows = windows
        self.priority = priority; self.noShow = noShow; self.waitEstimate = waitEstimate
        self.reviews = reviews; self.calendarFiles = calendarFiles; self.workingCalendar = workingCalendar
    }

    public func queue(_ id: String) -> ServiceQueue? { queues.first { $0.id == id } }
    public func window(_ id: String) -> ServiceWindow? { windows.first { $0.id == id } }

    /// The queue a kiosk request for an item lands in: the first queue naming the item, else
    /// the first queue naming a bundle that contains it, else the first comprehensive queue.
    public func queue(forItem itemID: String, catalog: Catalog) -> ServiceQueue? {
        queues.first { $0.items.contains(itemID) }
            ?? queues.first { q in catalog.bundles(containing: itemID).contains { q.bundles.contains($0.id) } }
            ?? queues.first { $0.anyItem }
    }

    public func queue(forBundle bundleID: String) -> ServiceQueue? {
        queues.first { $0.bundles.contains(bundleID) } ?? queues.first { $0.anyItem }
    }

    /// Windows that call from a queue.
    public func windows(serving queueID: String) -> [ServiceWindow] {
        windows.filter { $0.queues.contains(queueID) }
    }

    /// Checks references and uniqueness; returns every problem found, located by entry and field.
    public func problems(against catalog: Catalog, file: String) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        func add(_ entry: String, _ field: String, _ message: String) {
            issues.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
        }
        var prefixes: [String: String] = [:]
        var ids = Set<String>()
        for (i, q) in queues.enumerated() {
            let entry = "queues[\(i)] (\(q.id))"
            if !ids.insert(q.id).inserted { add(entry, "id", "duplicate queue id") }
            if q.prefix.count != 1 || !q.prefix.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                add(entry, "prefix", "must be one capital letter, got \"\(q.prefix)\"")
            } else if let other = prefixes[q.prefix] {
                add(entry, "prefix", "\(q.prefix) is already the prefix of queue \(other)")
            } else { prefixes[q.prefix] = q.id }
            for (j, item) in q.items.enumerated() where catalog.item(item) == nil {
                add(entry, "items[\(j)]", "no catalog item \"\(item)\"")
            }
            for (j, bundle) in q.bundles.enumerated() where catalog.bundle(bundle) == nil {
                add(entry, "bundles[\(j)]", "no catalog bundle \"\(bundle)\"")
            }
            if let cap = q.dailyCap, cap < 1 { add(entry, "dailyCap", "must be at least 1") }
            for (j, band) in q.bandCaps.enumerated() where band.cap < 1 {
                add(entry, "bandCaps[\(j)].cap", "must be at least 1")
            }
        }
        var windowIDs = Set<String>()
        for (i, w) in windows.enumerated() {
            let entry = "windows[\(i)] (\(w.id))"
            if !windowIDs.insert(w.id).inserted { add(entry, "id", "duplicate window id") }
            if w.queues.isEmpty { add(entry, "queues", "a window must call from at least one queue") }
            for (j, q) in w.queues.enumerated() where !ids.contains(q) {
                add(entry, "queues[\(j)]", "no queue \"\(q)\"")
            }
        }
        if queues.isEmpty { add("", "queues", "the hall needs at least one queue") }
        if waitEstimate.sampleSize < 1 { add("waitEstimate", "sampleSize", "must be at least 1") }
        if !(0...600).contains(waitEstimate.defaultServiceMinutes) {
            add("waitEstimate", "defaultServiceMinutes", "must be between 0 and 600 minutes")
        }
        if noShow.recalls < 0 { add("noShow", "recalls", "must not be negative") }
        if noShow.minutes < 0 { add("noShow", "minutes", "must not be negative") }
        if priority.laneWeight < 0 { add("priority", "laneWeight", "must not be negative") }
        if !(0...150).contains(priority.elderlyAge) { add("priority", "elderlyAge", "must be an age between 0 and 150") }
        for (reason, weight) in priority.weights.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where weight < 0 {
            add("priority", "weights.\(reason.rawValue)", "must not be negative")
        }
        issues += reviews.problems(file: file)
        issues += appointments.problems(against: catalog, file: file)
        issues += complaints.problems(file: file)
        return issues
    }
}

extension HallLayout {
    enum CodingKeys: String, CodingKey {
        case hallName, timeZone, complaintPhone, queues, windows, priority, noShow, waitEstimate, reviews, calendarFiles, appointments, complaints
    }

    /// Policies are optional in the file and fall back to their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hallName = try c.decode(String.self, forKey: .hallName)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? "Asia/Shanghai"
        complaintPhone = try c.decodeIfPresent(String.self, forKey: .complaintPhone)
        queues = try c.decode([ServiceQueue].self, forKey: .queues)
        windows = try c.decode([ServiceWindow].self, forKey: .windows)
        priority = try c.decodeIfPresent(PriorityPolicy.self, forKey: .priority) ?? PriorityPolicy()
        noShow = try c.decodeIfPresent(NoShowPolicy.self, forKey: .noShow) ?? NoShowPolicy()
        waitEstimate = try c.decodeIfPresent(WaitEstimator.self, forKey: .waitEstimate) ?? WaitEstimator()
        reviews = try c.decodeIfPresent(ReviewPolicy.self, forKey: .reviews) ?? ReviewPolicy()
        calendarFiles = try c.decodeIfPresent([String].self, forKey: .calendarFiles) ?? []
        appointments = try c.decodeIfPresent(AppointmentSettings.self, forKey: .appointments) ?? AppointmentSettings()
        complaints = try c.decodeIfPresent(ComplaintPolicy.self, forKey: .complaints) ?? ComplaintPolicy()
    }
}
