import JSONRPC
import Kernel

/// What `agenda.findSlots` answers: the array of slots, as always; with `explain: true` an object
/// `{slots}`, which also holds the explanation's members (`reason`, `message`, `practitioners`,
/// `alternatives`) when `slots` is empty.
enum FindSlotsAnswer: Sendable, Encodable {
    case slots([Slot])
    case explained([Slot], SearchExplanation?)

    private enum Key: String, CodingKey { case slots, reason, message, practitioners, alternatives }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .slots(let slots):
            var c = encoder.singleValueContainer()
            try c.encode(slots)
        case .explained(let slots, let explanation):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(slots, forKey: .slots)
            if let explanation {
                try c.encode(explanation.reason, forKey: .reason)
                try c.encode(explanation.message, forKey: .message)
                try c.encode(explanation.practitioners, forKey: .practitioners)
                try c.encode(explanation.alternatives, forKey: .alternatives)
            }
        }
    }
}

extension FindSlotsAnswer: WireWritable {
    func write(to writer: inout WireWriter) {
        switch self {
        case .slots(let slots):
            Slot.writeList(slots, to: &writer)
        case .explained(let slots, let explanation):
            writer.object { o in
                o.field("slots", slots)
                explanation?.writeMembers(to: &o)
            }
        }
    }
}
