import ArgumentParser
struct BenchRPC: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "rpc", abstract: "kernel.ping over TCP against a SwiftNIO echo server.") }
