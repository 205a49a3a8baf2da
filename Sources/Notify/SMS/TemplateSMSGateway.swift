import Foundation

/// A generic HTTP SMS gateway described by templates: a method, a URL, headers and a body in
/// which `{to}`, `{from}` and `{text}` are replaced by the recipient, the sender and the message.
///
/// Each substitution is escaped for where it lands, so that a message can never change the
/// request's structure: percent-encoded in the URL, JSON-string-escaped in a JSON body (the
/// template supplies the quotes: `{"to": "{to}", "message": "{text}"}`), form-encoded in a form
/// body, line breaks removed in headers, verbatim in a plain body. Placeholders are replaced in
/// a single pass: a `{to}` inside the text stays literal.
package struct TemplateSMSGateway: SMSGateway {
    /// How the body template's substitutions are escaped.
    package enum BodyEncoding: String, Sendable, Hashable {
        case json
        case form
        case plain

        /// The encoding implied by a `Content-Type` value (plain when absent or unknown).
        package init(contentType: String?) {
            let type = contentType?.lowercased() ?? ""
            if type.contains("json") {
                self = .json
            } else if type.contains(FormURLEncoding.contentType) {
                self = .form
            } else {
                self = .plain
            }
        }
    }

    package var method: String
    package var url: String
    package var headers: [HTTPHeader]
    package var body: String
    package var bodyEncoding: BodyEncoding
    /// The sender substituted for `{from}` (an alphanumeric sender id or a number).
    package var from: String

    /// - Parameter bodyEncoding: defaults to the one implied by the `Content-Type` header template.
    package init(
        method: String = "POST", url: String, headers: [HTTPHeader] = [], body: String = "",
        bodyEncoding: BodyEncoding? = nil, from: String = ""
    ) {
        self.from = from
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyEncoding = bodyEncoding ?? BodyEncoding(contentType: headers.value(for: "Content-Type"))
    }

    package func request(to: String, text: String) -> HTTPRequest {
        let values = ["to": to, "from": from, "text": text]
        let bodyEscape: (String) -> String
        switch bodyEncoding {
        case .json: bodyEscape = Self.jsonEscaped
        case .form: bodyEscape = FormURLEncoding.encode
        case .plain: bodyEscape = { $0 }
        }
        return HTTPRequest(
            method: method,
            url: Self.substitute(url, values, escape: FormURLEncoding.encodeURLComponent),
            headers: headers.map { header in
                HTTPHeader(header.name, Self.substitute(header.value, values) { $0.filter { !$0.isNewline } })
            },
            body: Data(Self.substitute(body, values, escape: bodyEscape).utf8))
    }

    /// `template` with each `{name}` found in `values` replaced by its escaped value, in one pass.
    static func substitute(_ template: String, _ values: [String: String], escape: (String) -> String) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                result += escape(value)
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("{")
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// The content of a JSON string literal for `text` (RFC 8259), without the quotes.
    static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
