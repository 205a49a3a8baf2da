import ArgumentParser
import Foundation
import JSONRPC
import Kernel

/// `permanence token create|list|revoke`.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API tokens for TCP sessions.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct DatabaseOption: ParsableArguments {
        @Option(help: ArgumentHelp("SQLite database file or postgres:// URL (default: as serve's --db).", valueName: "file|url")) var db: String?
        func open() async throws -> Store {
            let store = try await DatabaseLocation(db).open()
            try await KernelHost.migrateKernelTables(in: store)
            return store
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is printed once and only its hash is stored.")
        @Option(help: "Role: admin, staff, practitioner, secretary or integration.") var role: String
        @Option(help: "A name for the token (who or what uses it).") var name: String
        @Option(
            help: ArgumentHelp(
                "The practices it acts for: all (default) or ids separated by commas; a staff or practitioner token names its one practice.",
                valueName: "all|id,id…"))
        var practices: String = "all"
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role: unknown role \(role); expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let store = try await database.open()
            do {
                let scope =
                    practices == "all"
                    ? nil : practices.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
                print(try TokenStore(store: store).create(name: name, role: role, practices: scope, at: Date()))
            } catch let e as TokenStore.TokenError {
                throw CommandFailure(e.description)
            }
            try store.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List active tokens (names and roles, never secrets).")
        @OptionGroup var database: DatabaseOption
        func run() async throws {
            let store = try await database.open()
            for t in try TokenStore(store: store).list() {
                print("\(t.name)\t\(t.role.rawValue)\t\(t.practices?.joined(separator: ",") ?? "all")\t\(RFC3339.format(t.createdAt, in: .current))")
            }
            try store.close()
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name.")
        @Option(help: "The token's name.") var name: String
        @OptionGroup var database: DatabaseOption
        func run() async throws {
            let store = try await database.open()
            let done = try TokenStore(store: store).revoke(name: name, at: Date())
            try store.close()
            if !done { throw CommandFailure("no active token named \(name)") }
            print("revoked \(name)")
        }
    }
}
