import Foundation

/// A small, dependency-free SVG chart (line or bar) for the HTML report: axes, grid, labels, legend.
package struct SVGChart: Sendable {
    package enum Kind: Sendable { case line, bar }

    package struct Series: Sendable {
        package var name: String
        package var color: String
        package var values: [Double?]
        package var kind: Kind
        package var dashed: Bool
        package init(name: String, color: String, values: [Double?], kind: Kind = .line, dashed: Bool = false) {
            self.name = name
            self.color = color
            self.values = values
            self.kind = kind
            self.dashed = dashed
        }
    }

    package var title: String
    package var labels: [String]
    package var series: [Series]
    package var yFormat: @Sendable (Double) -> String
    package var yMaximum: Double?
    package var width = 900.0
    package var height = 300.0

    package init(title: String, labels: [String], series: [Series], yMaximum: Double? = nil, yFormat: @escaping @Sendable (Double) -> String) {
        self.title = title
        self.labels = labels
        self.series = series
        self.yMaximum = yMaximum
        self.yFormat = yFormat
    }

    package var svg: String {
        let left = 60.0
        let right = 20.0
        let top = 36.0
        let bottom = 56.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let n = max(labels.count, 1)
        let dataMax = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let yMax = yMaximum ?? Self.niceCeiling(max(dataMax, 1)) // an all-zero series still gets a readable 0…1 axis
        let step = plotW / Double(n)
        func x(_ i: Int) -> Double { left + step * (Double(i) + 0.5) }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v / yMax, 0), 1.05)) }
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
        out += "<title>\(Self.escape(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out += "<text x=\"\(f(left))\" y=\"20\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">\(Self.escape(title))</text>"
        for k in 0...4 {
            let v = yMax * Double(k) / 4
            let yy = y(v)
            out += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" stroke=\"#ddd\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">\(Self.escape(yFormat(v)))</text>"
        }
        let every = max(1, Int((Double(n) / 15).rounded(.up)))
        for (i, label) in labels.enumerated() where i % every == 0 {
            out += "<text x=\"\(f(x(i)))\" y=\"\(f(top + plotH + 16))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">\(Self.escape(label))</text>"
        }
        out += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>"
        let bars = series.filter { $0.kind == .bar }
        let barW = step * 0.8 / Double(max(bars.count, 1))
        for (b, s) in bars.enumerated() {
            for (i, v) in s.values.enumerated() {
                guard let v else { continue }
                let x0 = x(i) - step * 0.4 + barW * Double(b)
                out +=
                    "<rect x=\"\(f(x0))\" y=\"\(f(y(v)))\" width=\"\(f(max(barW - 1, 1)))\" height=\"\(f(top + plotH - y(v)))\" fill=\"\(s.color)\"><title>\(Self.escape(labels[safe: i] ?? "")): \(Self.escape(yFormat(v)))</title></rect>"
            }
        }
        for s in series where s.kind == .line {
            var path = ""
            var pen = false
            for (i, v) in s.values.enumerated() {
                guard let v else {
                    pen = false
                    continue
                }
                path += (pen ? "L" : "M") + "\(f(x(i))),\(f(y(v))) "
                pen = true
            }
            // A series with no value at all (no forecast without history) draws nothing but its legend.
            if !path.isEmpty {
                out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            }
            for (i, v) in s.values.enumerated() where v != nil && n <= 62 {
                out += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v!)))\" r=\"2.5\" fill=\"\(s.color)\"/>"
            }
        }
        var lx = left
        for s in series {
            out += "<rect x=\"\(f(lx))\" y=\"\(f(height - 18))\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/>"
            out += "<text x=\"\(f(lx + 16))\" y=\"\(f(height - 8))\" font-size=\"12\" fill=\"#222\">\(Self.escape(s.name))</text>"
            lx += 30 + Double(s.name.count) * 7
        }
        return out + "</svg>"
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `v`.
    static func niceCeiling(_ v: Double) -> Double {
        let p = pow(10, floor(log10(v)))
        for m in [1, 2, 2.5, 5, 10] where m * p >= v { return m * p }
        return 10 * p
    }

    package static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
