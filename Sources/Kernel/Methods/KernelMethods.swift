import Foundation
import JSONRPC

/// The methods every Permanence server answers, whatever plugins it runs.
enum KernelMethods {
    static func all(host: KernelHost) -> [AnyMethod] {
        var methods: [AnyMethod] = [
            AnyMethod(InitializeMethod(), allowsUnauthenticated: true),
            AnyMethod(InitializedMethod(), allowsUnauthenticated: true),
            AnyMethod(ShutdownMethod()),
            AnyMethod(ExitMethod(), allowsUnauthenticated: true),
            AnyMethod(CancelRequestMethod(), allowsUnauthenticated: true),
            AnyMethod(RPCDiscoverMethod()),
            AnyMethod(KernelPingMethod()),
            AnyMethod(KernelStatusMethod()),
            AnyMethod(EventsSubscribeMethod()),
            AnyMethod(EventsUnsubscribeMethod()),
            AnyMethod(KernelAuditMethod())
        ]
        if let manual = host.clock as? ManualClock {
            methods.append(AnyMethod(KernelClockSetMethod(clock: manual)))
        }
        // The kernel's methods act for the service, but the audit trail, which is each practice's.
        for i in methods.indices where methods[i].name != KernelAuditMethod.name { methods[i].scope = .service }
        return methods
    }
}
