// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Permanence",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "permanence", targets: ["permanence"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2")
    ],
    targets: [
        // The protocol alone: messages, ids, error codes, line codec, batches. No I/O, no domain.
        .target(name: "JSONRPC"),
        // The host: plugins, typed methods, dispatcher, sessions, events, auth, config, store, clock, outbox.
        .target(
            name: "Kernel",
            dependencies: [
                "JSONRPC",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the bulk inserter's prepared statements.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics")
            ]),
        // The store seam on PostgreSQL: synchronous sessions over postgres-nio on a thread pool of their own.
        .target(
            name: "PostgresStore",
            dependencies: [
                "Kernel", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log")
            ]),
        // A throwaway PostgreSQL server (initdb, pg_ctl, a free port, a temporary directory) for tests and benchmarks.
        .target(name: "ThrowawayPostgres"),
        // Transports: stdio and TCP, line framing with limits, connection lifecycle.
        .target(
            name: "Server",
            dependencies: [
                "Kernel", "JSONRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl")
            ]),
        // The shared domain: practice profile, sites, practitioners, business calendar, patients, contacts.
        .target(
            name: "Practice",
            dependencies: ["Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]),
        // libcurl, with typed shims for its variadic calls.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Outgoing HTTP: SMS gateways, signed webhooks, the outbox delivery worker.
        .target(
            name: "Notify",
            dependencies: [
                "Kernel", "JSONRPC", "CCurl",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // NIOThreadPool: the threads libcurl's blocking transfers run on.
                .product(name: "NIOPosix", package: "swift-nio")
            ]),
        // The HTTP edge: mounts the routes plugins contribute on Hummingbird, plus operations routes.
        .target(
            name: "HTTPEdge",
            dependencies: [
                "Kernel", "JSONRPC", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics")
            ]),
        .target(
            name: "Agenda",
            dependencies: ["Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")],
            path: "Plugins/Agenda"),
        .target(
            name: "Messaging",
            dependencies: ["Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")],
            path: "Plugins/Messaging"),
        .target(name: "FAQ", dependencies: ["Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")], path: "Plugins/FAQ"),
        .target(
            name: "Escalation",
            dependencies: ["Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")],
            path: "Plugins/Escalation"),
        .target(name: "KPI", dependencies: ["Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")], path: "Plugins/KPI"),
        .executableTarget(
            name: "permanence",
            dependencies: [
                "Server", "HTTPEdge", "Kernel", "JSONRPC", "Practice", "Notify", "Agenda", "Messaging", "FAQ", "Escalation", "KPI",
                // bench postgres: the seam's sessions, measured on a cluster of their own.
                "PostgresStore", "ThrowawayPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),
        // Shared fixtures of the protocol tests (the specification's examples).
        .target(name: "RPCTestSupport", dependencies: ["JSONRPC"], path: "Tests/Support"),
        // What every test that starts another program or opens a socket shares: bounded waits, no inherited descriptors;
        // and the test server: a host over the plugins given, reached in-process, over TCP or over stdio.
        .target(
            name: "PermanenceTesting",
            dependencies: [
                "Kernel", "JSONRPC", "Server", "PostgresStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio")
            ],
            path: "Tests/PermanenceTesting"),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC"]),
        // The store seam's contract on both engines, and what the PostgreSQL side adds (dialect, errors, pool).
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "ThrowawayPostgres", "Kernel", "PermanenceTesting", "Practice", "Notify", "Agenda", "Messaging", "Escalation",
                "KPI", "FAQ",
                .product(name: "GRDB", package: "GRDB.swift")
            ]),
        .testTarget(
            name: "KernelTests",
            dependencies: [
                "Kernel", "JSONRPC", "RPCTestSupport", "PermanenceTesting", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Kernel", "JSONRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio")
            ]),
        .testTarget(
            name: "PracticeTests",
            dependencies: [
                "PermanenceTesting", "RPCTestSupport", "Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")
            ]),
        .testTarget(
            name: "NotifyTests",
            dependencies: [
                "PermanenceTesting", "RPCTestSupport", "Notify", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")
            ]),
        .testTarget(
            name: "AgendaTests",
            dependencies: [
                // Notify: its opt-out list, which reminders and offers respect.
                "PermanenceTesting", "Agenda", "Notify", "Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")
            ]),
        .testTarget(
            name: "MessagingTests",
            dependencies: [
                "PermanenceTesting", "Messaging", "Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")
            ]),
        .testTarget(
            name: "FAQTests", dependencies: ["FAQ", "PermanenceTesting", "Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "EscalationTests",
            dependencies: [
                "Escalation", "PermanenceTesting", "Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")
            ]),
        .testTarget(
            name: "KPITests", dependencies: ["KPI", "PermanenceTesting", "Practice", "Kernel", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["erlang_a_check.py", "pooling_check.py"]),
        // Every method's params schema against its Params, and its result schema against real results,
        // on a host with every plugin the executable installs.
        .testTarget(
            name: "ContractTests",
            dependencies: [
                "permanence", "Kernel", "JSONRPC", "Practice", "PermanenceTesting", "PostgresStore", .product(name: "GRDB", package: "GRDB.swift")
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["JSONRPC", "RPCTestSupport", "PermanenceTesting"])
    ],
    swiftLanguageModes: [.v6]
)

// Upcoming language features every target of ours builds with.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault")
        ]
}
