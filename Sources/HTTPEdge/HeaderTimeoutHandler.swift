import NIOCore

/// Closes a connection whose request head is not complete within `timeout` (slowloris: a client
/// that sends its header lines a byte at a time holds a connection for nothing).
///
/// It sits after the HTTP decoder, which passes a request on only once its head is complete: the
/// first read after the timer is armed is that head. The timer is armed when the connection opens
/// and again when a response has been flushed, for the next request on a kept-alive connection.
final class HeaderTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    /// Never unwrapped: reads and writes pass through unchanged.
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timer?.cancel()
        timer = nil
        context.fireChannelRead(data)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        arm(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            loopBound.value.close(promise: nil)
        }
    }
}
