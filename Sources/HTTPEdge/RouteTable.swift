import Kernel
import Synchronization

/// The edge's routes of the moment: the operations routes and the first practice's plugin routes at
/// the root (where a server of one practice has always served them), and every practice's plugin
/// routes under its prefix, `/practices/{practiceId}` (`KernelHost.httpPathPrefix`), so that a
/// gateway's callback or a calendar feed reaches the practice it belongs to. Rebuilt when a reload
/// replaces the practices' hosts: a reloaded practice answers with its new configuration.
final class RouteTable: Sendable {
    private let practices: PracticeHosts
    private let settings: HTTPEdgeSettings
    private let current: Mutex<(hosts: [KernelHost], routes: [HTTPRoute])>

    /// Throws `DuplicateRoute` if two plugins contribute the same method and path.
    init(practices: PracticeHosts, settings: HTTPEdgeSettings) throws {
        self.practices = practices
        self.settings = settings
        let hosts = practices.hosts
        current = Mutex((hosts, try Self.build(hosts, settings: settings)))
    }

    /// The routes for the practices served now.
    var routes: [HTTPRoute] {
        let hosts = practices.hosts
        let cached = current.withLock { c in c.hosts.elementsEqual(hosts, by: ===) ? c.routes : nil }
        if let cached { return cached }
        // A reload cannot bring a duplicate the start did not have (routes come from the plugins'
        // code, not the files); if it did, the previous table stays.
        guard let routes = try? Self.build(hosts, settings: settings) else { return current.withLock { $0.routes } }
        current.withLock { $0 = (hosts, routes) }
        return routes
    }

    /// Operations routes first, then the first practice's at the root, then each practice's under
    /// its prefix; refuses a method and path contributed twice.
    static func build(_ hosts: [KernelHost], settings: HTTPEdgeSettings) throws -> [HTTPRoute] {
        let service = hosts[0]
        var all = OperationsRoutes.routes(host: service, settings: settings)
        for plugin in service.plugins { all += plugin.httpRoutes(host: service) }
        for host in hosts where !host.httpPathPrefix.isEmpty {
            for plugin in host.plugins {
                all += plugin.httpRoutes(host: host).map { r in
                    HTTPRoute(r.method, host.httpPathPrefix + r.path, summary: r.summary, handler: r.handler)
                }
            }
        }
        var seen = Set<String>()
        for r in all {
            guard seen.insert("\(r.method) \(r.path)").inserted else {
                throw DuplicateRoute(route: "\(r.method) \(r.path)")
            }
        }
        return all
    }
}
