/// The usage sources of a host (``UsageSource``), one per module.
///
/// `Practice` registers one in `KernelHost.services` with its methods (it is always first); each
/// module adds its source from its own `methods(host:)`.
package typealias UsageSources = Contributions<any UsageSource>

extension Contributions where Item == any UsageSource {
    /// Sources named by their module's key.
    package convenience init() { self.init(key: { $0.key }) }
}
