/// What a kiosk asks a ticket for.
public enum TicketTarget: Sendable, Hashable {
    case queue(String)
    case item(String)
    case bundle(String)
}

/// The queue a ticket request lands in, and what it is for.
public struct TicketRoute: Sendable, Hashable {
    public var queue: ServiceQueue
    public var itemID: String?
    public var bundleID: String?
}

/// Why a ticket request names nothing the hall serves.
public enum RoutingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownQueue(String)
    case unknownItem(String)
    case unknownBundle(String)
    case noQueueServes(String)

    public var description: String {
        switch self {
        case .unknownQueue(let id): "no queue \"\(id)\" in this hall"
        case .unknownItem(let id): "no service item \"\(id)\" in the catalog"
        case .unknownBundle(let id): "no bundle \"\(id)\" in the catalog"
        case .noQueueServes(let name): "no queue of this hall serves \(name)"
        }
    }
}

extension HallLayout {
    public func route(_ target: TicketTarget, catalog: Catalog) throws(RoutingError) -> TicketRoute {
        switch target {
        case .queue(let id):
            guard let queue = queue(id) else { throw .unknownQueue(id) }
            return TicketRoute(queue: queue)
        case .item(let id):
            guard let item = catalog.item(id) else { throw .unknownItem(id) }
            guard let queue = queue(forItem: id, catalog: catalog) else { throw .noQueueServes(item.name) }
            return TicketRoute(queue: queue, itemID: id)
        case .bundle(let id):
            guard let bundle = catalog.bundle(id) else { throw .unknownBundle(id) }
            guard let queue = queue(forBundle: id) else { throw .noQueueServes(bundle.name) }
            return TicketRoute(queue: queue, bundleID: id)
        }
    }
}
