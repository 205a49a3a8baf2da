import ArgumentParser
import Kernel

/// The `permanence` command: the server and its tools.
///
/// Wrong arguments print the error and the usage; a failure while running prints one line
/// (`Error: …`, see `CommandFailure`) and exits non-zero.
@main
struct Permanence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permanence",
        abstract: "Back office of a medical telephone answering service (JSON-RPC 2.0 over stdio and TCP).",
        version: KernelHost.version,
        subcommands: [Serve.self, RPC.self, Methods.self, Config.self, Token.self, Bench.self, Import.self, Report.self, Backup.self, StoreCommand.self],
        defaultSubcommand: Serve.self)

    static func main() async {
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CommandFailure.isParserOutcome(error) ? error : CommandFailure(error))
        }
    }
}
