import JSONRPC
import Kernel

/// What `agenda.nextAvailable` answers: the earliest slot, or, when there is none, why
/// (`SearchExplanation`: an object without `start`).
enum NextAvailableAnswer: Sendable, Encodable {
    case slot(Slot)
    case none(SearchExplanation)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .slot(let slot): try slot.encode(to: encoder)
        case .none(let explanation): try explanation.encode(to: encoder)
        }
    }
}

extension NextAvailableAnswer: WireWritable {
    func write(to writer: inout WireWriter) {
        switch self {
        case .slot(let slot): slot.write(to: &writer)
        case .none(let explanation): explanation.write(to: &writer)
        }
    }
}
