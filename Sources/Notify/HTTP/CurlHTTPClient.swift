import CCurl
import Foundation
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The production `HTTPClient`: one libcurl easy transfer per request, run on a dedicated
/// thread of the client's own `NIOThreadPool`, never on Swift's cooperative pool. The threads
/// start with the first transfer: a client built to check a configuration, or for a practice that
/// sends nothing, starts none. A service of several practices shares one client.
///
/// Promises:
/// - only `http` and `https` URLs are fetched; redirects are never followed (a 302 is returned
///   as the response);
/// - the connect timeout and the total timeout bound every transfer;
/// - libcurl never raises signals (`CURLOPT_NOSIGNAL`) and `SIGPIPE` is ignored process-wide;
/// - `curl_global_init` runs exactly once per process, before the first transfer;
/// - cancelling the calling task aborts the transfer and throws `CancellationError`;
/// - a failure without a response throws `HTTPClientError` with libcurl's code and message.
package final class CurlHTTPClient: HTTPClient {
    /// Limits applied to every transfer.
    package struct Configuration: Sendable, Hashable {
        /// Longest wait for the TCP (and TLS) connection.
        package var connectTimeout: Duration
        /// Longest time for the whole transfer, connection included.
        package var timeout: Duration
        /// Largest response body accepted; a larger one fails with `HTTPClientError.writeError`.
        package var maxResponseBytes: Int
        /// The `User-Agent` sent unless the request sets its own.
        package var userAgent: String

        package init(
            connectTimeout: Duration = .seconds(3),
            timeout: Duration = .seconds(10),
            maxResponseBytes: Int = 1 << 20,
            userAgent: String = "Permanence-Notify/1"
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
        }
    }

    /// The limits applied to every transfer.
    package let configuration: Configuration
    /// Threads that run the blocking transfers (started by the first); requests beyond their number queue in order.
    private let pool = Mutex<NIOThreadPool?>(nil)
    private let threads: Int

    /// - Parameters:
    ///   - configuration: timeouts and limits.
    ///   - maxConcurrentTransfers: threads dedicated to transfers; further requests queue.
    package init(configuration: Configuration = Configuration(), maxConcurrentTransfers: Int = 4) {
        self.configuration = configuration
        threads = max(1, maxConcurrentTransfers)
    }

    /// The threads finish the transfers they run, then exit; the client is not waited for.
    deinit { pool.withLock { $0 }?.shutdownGracefully { _ in } }

    /// The transfer threads, started on first use.
    private var running: NIOThreadPool {
        pool.withLock { pool in
            if let pool { return pool }
            let started = NIOThreadPool(numberOfThreads: threads)
            started.start()
            pool = started
            return started
        }
    }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let cancellation = CancellationFlag()
        let configuration = self.configuration
        // The pool drops a queued transfer whose task is cancelled; the flag aborts one in progress.
        return try await withTaskCancellationHandler {
            try await running.runIfActive {
                try Self.perform(request, configuration: configuration, cancellation: cancellation).get()
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// The result of `curl_global_init`, run once (Swift initialises static lets exactly once,
    /// thread-safely), after `SIGPIPE` is set to be ignored.
    private static let globalInitCode: Int = {
        _ = signal(SIGPIPE, SIG_IGN)
        return Int(curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)
    }()

    /// Runs one transfer synchronously on the calling thread.
    private static func perform(
        _ request: HTTPRequest, configuration: Configuration, cancellation: CancellationFlag
    ) -> Result<HTTPResponse, any Error> {
        guard globalInitCode == 0 else {
            return .failure(HTTPClientError(code: globalInitCode, message: "curl_global_init failed"))
        }
        if cancellation.isCancelled { return .failure(CancellationError()) }
        guard let handle = curl_easy_init() else {
            return .failure(HTTPClientError(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed"))
        }
        defer { curl_easy_cleanup(handle) }

        let state = TransferState(maxBodyBytes: configuration.maxResponseBytes, cancellation: cancellation)
        let statePointer = Unmanaged.passUnretained(state).toOpaque()
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        var setupCode = CURLE_OK
        func check(_ code: CURLcode) {
            if setupCode == CURLE_OK { setupCode = code }
        }
        check(ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        check(ccurl_easy_setopt_string(handle, CURLOPT_URL, request.url))
        check(ccurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(ccurl_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        check(ccurl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        check(ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check(ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(configuration.connectTimeout)))
        check(ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(configuration.timeout)))
        check(ccurl_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))

        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            check(ccurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case "HEAD" where request.body.isEmpty:
            check(ccurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1))
        default:
            if method != "POST" { check(ccurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)) }
            if method == "POST" || !request.body.isEmpty {
                check(ccurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
                // COPYPOSTFIELDS copies the bytes, so they need not outlive this call.
                if request.body.isEmpty {
                    check(ccurl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
                } else {
                    request.body.withUnsafeBytes { bytes in
                        check(ccurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!)))
                    }
                }
            }
        }

        var lines = request.headers.map { header -> String in
            let name = header.name.filter { !$0.isNewline }
            let value = header.value.filter { !$0.isNewline }
            return value.isEmpty ? "\(name);" : "\(name): \(value)"
        }
        if request.headers.value(for: "Expect") == nil { lines.append("Expect:") } // no 100-continue round trip
        for line in lines {
            headerList = curl_slist_append(headerList, line)
        }
        check(ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

        check(
            ccurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
                let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
                let length = size * count
                guard state.body.count + length <= state.maxBodyBytes else {
                    state.bodyTooLarge = true
                    return 0
                }
                if let data, length > 0 { state.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length) }
                return length
            })
        check(ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, statePointer))
        check(
            ccurl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
                let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
                let length = size * count
                if let data, length > 0 {
                    let buffer = UnsafeRawBufferPointer(start: data, count: length)
                    state.receiveHeaderLine(String(decoding: buffer, as: UTF8.self))
                }
                return length
            })
        check(ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, statePointer))
        check(ccurl_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        check(
            ccurl_easy_setopt_xferinfo_callback(handle, CURLOPT_XFERINFOFUNCTION) { userdata, _, _, _, _ in
                let state = Unmanaged<TransferState>.fromOpaque(userdata!).takeUnretainedValue()
                return state.cancellation.isCancelled ? 1 : 0
            })
        check(ccurl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, statePointer))

        let code = setupCode == CURLE_OK ? curl_easy_perform(handle) : setupCode
        guard code == CURLE_OK else {
            if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled { return .failure(CancellationError()) }
            let message: String
            if code == CURLE_WRITE_ERROR && state.bodyTooLarge {
                message = "response body larger than \(configuration.maxResponseBytes) bytes"
            } else if errorBuffer.pointee != 0 {
                message = String(cString: errorBuffer)
            } else {
                message = String(cString: curl_easy_strerror(code))
            }
            return .failure(HTTPClientError(code: Int(code.rawValue), message: message))
        }
        var status = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var microseconds: curl_off_t = 0
        _ = ccurl_easy_getinfo_off_t(handle, CURLINFO_TOTAL_TIME_T, &microseconds)
        return .success(
            HTTPResponse(
                status: status, headers: state.headers, body: state.body, duration: .microseconds(microseconds)))
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// Set when the task awaiting a transfer is cancelled; read by the transfer's thread.
private final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isCancelled: Bool { flag.load(ordering: .acquiring) }
    func cancel() { flag.store(true, ordering: .releasing) }
}

/// What one transfer has received so far. Confined to the thread running the transfer:
/// libcurl calls the callbacks synchronously from `curl_easy_perform`.
private final class TransferState {
    let maxBodyBytes: Int
    let cancellation: CancellationFlag
    var body = Data()
    var bodyTooLarge = false
    var headers: [HTTPHeader] = []

    init(maxBodyBytes: Int, cancellation: CancellationFlag) {
        self.maxBodyBytes = maxBodyBytes
        self.cancellation = cancellation
    }

    /// Keeps the fields of the last response only (a `100 Continue` is followed by another).
    func receiveHeaderLine(_ rawLine: String) {
        let line = rawLine.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if line.hasPrefix("HTTP/") {
            headers = []
        } else if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeader(name, value))
        }
    }
}
