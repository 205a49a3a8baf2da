import ArgumentParser

/// `permanence bench …`: performance measurements (run them on a release build).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure performance (build with -c release first). Figures go to Docs/benchmarks.md.",
        subcommands: [
            BenchRPC.self, BenchAgenda.self, BenchNotify.self, BenchFAQ.self, BenchKPI.self, BenchMessaging.self, BenchHTTP.self,
            BenchImport.self, BenchReminders.self, BenchTenancy.self, BenchPostgres.self, BenchNodes.self
        ])
}
