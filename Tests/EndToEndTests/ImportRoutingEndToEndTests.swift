import Foundation
import JSONRPC
import Testing

/// `permanence import --practices DIR` with the built executable: one queue_log holding the calls
/// of two practices lands in each practice by the queues its file lists, and a queue no file lists
/// is reported, not imported.
@Suite struct ImportRoutingEndToEndTests {
    static let queueLog = """
        1773129600|a1|cab-a-accueil|NONE|ENTERQUEUE||0612345601|1
        1773129605|a1|cab-a-accueil|Local/101@agents|CONNECT|5|a1-b|3
        1773129725|a1|cab-a-accueil|Local/101@agents|COMPLETEAGENT|5|120|1
        1773129700|b1|cab-b-accueil|NONE|ENTERQUEUE||0612345602|1
        1773129712|b1|cab-b-accueil|Local/102@agents|CONNECT|12|b1-b|4
        1773129772|b1|cab-b-accueil|Local/102@agents|COMPLETECALLER|12|60|1
        1773129800|b2|cab-b-accueil|NONE|ENTERQUEUE||0612345603|1
        1773129810|b2|cab-b-accueil|NONE|ABANDON|1|1|10
        1773129900|x1|standard|NONE|ENTERQUEUE||0612345604|1
        1773129905|x1|standard|NONE|ABANDON|1|1|5

        """

    @Test func aQueueLogOfTwoPracticesIsRoutedByQueueAndAnUnlistedQueueReported() throws {
        var files: [String: String] = [:]
        for id in ["cab-a", "cab-b"] {
            var text = try ManyPracticesEndToEndTests.file(id)
            if !text.hasSuffix("\n") { text += "\n" }
            files["\(id).yaml"] = text + "  queues: {\(id)-accueil: {}}\n"
        }
        let dir = try PracticeDirectoryEndToEndTests.directory(files)
        let work = try Executable.temporaryDirectory()
        let log = work.appendingPathComponent("queue_log")
        try Self.queueLog.write(to: log, atomically: true, encoding: .utf8)
        let db = try TestDatabase.location(file: work.appendingPathComponent("permanence.sqlite"))
        let out = try Executable.run(["import", "queue-log", log.path, "--practices", dir.path, "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first?.hasSuffix("4 records read, 3 imported, 0 duplicates, 0 lines ignored, 0 malformed") == true, "\(out.stdout)")
        #expect(lines.contains("cab-a: 1 records, 1 imported, 0 duplicates"), "\(out.stdout)")
        #expect(lines.contains("cab-b: 2 records, 2 imported, 0 duplicates"), "\(out.stdout)")
        #expect(lines.contains { $0.hasPrefix("queue standard: 1 records") }, "\(out.stdout)")

        // Served, each practice sees its own calls.
        let server = try ServerProcess.tcp(clock: "2026-03-10T12:00:00+01:00", extraArgs: ["--practices", dir.path], directory: work, database: db)
        defer { server.stop() }
        let (admin, _) = try ManyPracticesEndToEndTests.session(server, role: "admin", practices: nil)
        let usage = try admin.result("usage.report", ["from": "2026-03-10T00:00:00+01:00", "to": "2026-03-11T00:00:00+01:00"])
        #expect(usage["practices"]?.arrayValue?.map { $0["callsOffered"] } == [1, 2], "\(usage)")
        #expect(usage["total"]?["callsAnswered"] == 2 && usage["total"]?["talkSeconds"] == 180, "\(usage)")
    }
}
