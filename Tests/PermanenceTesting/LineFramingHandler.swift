import JSONRPC
import NIOCore

/// Cuts the bytes a server writes into lines for a `ReplyRouter`, and tells it when the connection ends.
final class LineFramingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var framer = LineFramer(maximumLength: 64 << 20)
    private let router: ReplyRouter

    init(router: ReplyRouter) { self.router = router }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        deliver(framer.feed(buffer.readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) {
        deliver(framer.finish())
        router.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func deliver(_ frames: [LineFramer.Frame]) {
        for case .line(let line) in frames { router.receive(line) }
    }
}
