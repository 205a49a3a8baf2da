import ArgumentParser
import Foundation
import Kernel

/// `permanence methods`: every method with its role and summary.
struct Methods: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every enabled method with its required role and summary.")
    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        let host = try await runtime.makeHost()
        let methods = host.registry.methods
        let width = methods.map { $0.name.count }.max() ?? 0
        for m in methods {
            print(
                m.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + m.role.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + m.summary)
        }
        await host.shutdown()
    }
}
