import Dispatch
import Foundation
import Kernel
import Synchronization

/// SIGHUP reloads the practice files (as `practices.reload` does) and tells the outcome on stderr.
/// Installed before the host starts, so that a SIGHUP sent early does not end the process; one
/// that comes before the practices are served is ignored.
final class ReloadSignal: Sendable {
    /// A dispatch source is a thread-safe object; never replaced after init.
    nonisolated(unsafe) private let source: any DispatchSourceSignal
    private let practices = Served()

    /// The practices SIGHUP reloads, once served.
    private final class Served: Sendable {
        let value = Mutex<PracticeHosts?>(nil)
    }

    init() {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        let practices = self.practices
        source.setEventHandler {
            guard let served = practices.value.withLock({ $0 }) else { return }
            Task {
                do {
                    Self.say(try await served.reload())
                } catch {
                    FileHandle.standardError.write(Data("permanence: SIGHUP: \(error)\n".utf8))
                }
            }
        }
        source.resume()
    }

    /// From now on, SIGHUP reloads these practices.
    func serve(_ served: PracticeHosts) { practices.value.withLock { $0 = served } }

    func cancel() { source.cancel() }

    /// One line per change, then each problem with its lines.
    static func say(_ report: PracticesReload) {
        var lines: [String] = []
        func list(_ label: String, _ ids: [String]) { if !ids.isEmpty { lines.append("\(label) \(ids.joined(separator: ", "))") } }
        list("added", report.added)
        list("changed", report.changed)
        list("removed", report.removed)
        list("unchanged", report.unchanged)
        var text = "permanence: reload: " + (lines.isEmpty ? "nothing to apply" : lines.joined(separator: "; ")) + "\n"
        for p in report.problems {
            text += "permanence: reload: \(p.file): not applied" + (p.keptPracticeId.map { " (\($0) keeps its previous version)" } ?? "") + "\n"
            for e in p.errors { text += "  \(p.file): \(e)\n" }
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
