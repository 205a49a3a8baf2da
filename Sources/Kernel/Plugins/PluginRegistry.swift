import JSONRPC
import Synchronization

/// The methods of every installed plugin, by name.
///
/// Registration rejects a duplicate name, a name outside the plugin's namespaces and the reserved
/// `rpc.` prefix, so that two modules can never answer the same call.
package final class PluginRegistry: Sendable {
    package struct RegistrationError: Error, Equatable, CustomStringConvertible {
        package let plugin: String
        package let method: String
        package let reason: String
        package var description: String { "plugin \(plugin): method \(method): \(reason)" }
    }

    private let state = Mutex<(methods: [String: AnyMethod], order: [String], plugins: [(id: String, version: String, methods: [String])])>(([:], [], []))

    package init() {}

    /// Registers `methods` for `pluginID`; `namespaces` are the prefixes it owns.
    package func register(pluginID: String, version: String, namespaces: [String], methods: [AnyMethod], builtIn: Bool = false) throws {
        try state.withLock { s in
            var seen = Set<String>()
            for m in methods {
                if m.name.hasPrefix("rpc.") && !builtIn {
                    throw RegistrationError(plugin: pluginID, method: m.name, reason: "the rpc. prefix is reserved")
                }
                if !builtIn {
                    // The namespace is what comes before the first dot (or the whole name when there is none).
                    let ns = m.name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? m.name
                    guard !ns.isEmpty, namespaces.contains(ns) else {
                        throw RegistrationError(plugin: pluginID, method: m.name, reason: "outside the plugin's namespaces \(namespaces)")
                    }
                }
                // OpenRPC: optional params come after required ones (and positions follow that order).
                if let i = m.paramsSchema.fields.firstIndex(where: { !$0.required }),
                    let late = m.paramsSchema.fields[i...].first(where: \.required)
                {
                    throw RegistrationError(plugin: pluginID, method: m.name, reason: "required param \(late.name) comes after an optional one")
                }
                if m.scope != .service,
                    m.paramsSchema.fields.contains(where: { $0.name == PracticeHosts.practiceParam || (m.scope == .pool && $0.name == PracticeHosts.poolParam) }
                    )
                {
                    throw RegistrationError(
                        plugin: pluginID, method: m.name,
                        reason: "practiceId (and a pool's practiceIds) are the dispatcher's params; declare scope .service to read them")
                }
                if s.methods[m.name] != nil || seen.contains(m.name) {
                    throw RegistrationError(plugin: pluginID, method: m.name, reason: "already registered")
                }
                seen.insert(m.name)
            }
            for m in methods {
                s.methods[m.name] = m
                s.order.append(m.name)
            }
            s.plugins.append((pluginID, version, methods.map(\.name)))
        }
    }

    package func method(named name: String) -> AnyMethod? { state.withLock { $0.methods[name] } }

    /// Every method in registration order.
    package var methods: [AnyMethod] { state.withLock { s in s.order.compactMap { s.methods[$0] } } }

    package var plugins: [(id: String, version: String, methods: [String])] { state.withLock { $0.plugins } }
}
