import Synchronization

/// Services that one module offers to others through the kernel, keyed by a protocol type.
///
/// For example Escalation registers the repeat-caller policy that Messaging applies, so that
/// Messaging never imports Escalation: the protocol lives in a module both depend on.
package final class ServiceRegistry: Sendable {
    private let services = Mutex<[ObjectIdentifier: any Sendable]>([:])
    package init() {}

    package func register<S>(_ type: S.Type, _ service: any Sendable) {
        services.withLock { $0[ObjectIdentifier(type)] = service }
    }

    package func resolve<S>(_ type: S.Type) -> S? {
        services.withLock { $0[ObjectIdentifier(type)] } as? S
    }
}
