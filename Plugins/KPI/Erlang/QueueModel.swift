/// The queueing model used to size a queue.
package enum QueueModel: Sendable, Hashable, Codable {
    /// Callers never hang up (``ErlangC``): the conservative classic.
    case erlangC
    /// Callers hang up after an exponential patience of this mean, seconds (``ErlangA``).
    case erlangA(patienceSeconds: Double)
}
