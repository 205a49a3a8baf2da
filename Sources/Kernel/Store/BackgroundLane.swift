/// Lets one background write at a time wait for the writer, in arrival order.
///
/// Background work of many practices (the start-up's reminder planning after an import, in
/// batches) would otherwise queue hundreds of writes ahead of a secretary's booking, and the group
/// commit would take them all into its next transaction: with the lane, a call's write waits for
/// at most one background batch.
actor BackgroundLane {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Returns once the lane is this caller's; `leave()` passes it on.
    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Writers waiting for the lane (not the one that has it).
    var waitingCount: Int { waiting.count }

    /// Passes the lane to the next waiting writer, or frees it.
    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
