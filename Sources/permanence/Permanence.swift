import ArgumentParser

/// The `permanence` command: the server and its tools.
@main
struct Permanence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permanence",
        abstract: "Back office of a medical telephone answering service (JSON-RPC 2.0 over stdio and TCP).",
        subcommands: [Serve.self, RPC.self, Methods.self, Config.self, Token.self, Bench.self, Import.self, Report.self],
        defaultSubcommand: Serve.self)
}
