import Foundation

/// A minimal SVG writer: panels with axes, tick labels, polylines, bars, points and text.
struct SVGCanvas {
    let width: Double, height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    mutating func text(_ s: String, x: Double, y: Double, size: Double = 11, anchor: String = "middle", bold: Bool = false) {
        body += "<text x=\"\(f(x))\" y=\"\(f(y))\" font-family=\"sans-serif\" font-size=\"\(f(size))\" text-anchor=\"\(anchor)\"\(bold ? " font-weight=\"bold\"" : "")>\(Self.escape(s))</text>\n"
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String = "#333", width: Double = 1) {
        body += "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\" stroke-width=\"\(f(width))\"/>\n"
    }

    mutating func polyline(_ points: [(Double, Double)], color: String, width: Double = 1, opacity: Double = 1) {
        let pts = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        body += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(width))\" stroke-opacity=\"\(f(opacity))\"/>\n"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double = 1) {
        body += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(0, w)))\" height=\"\(f(max(0, h)))\" fill=\"\(fill)\" fill-opacity=\"\(f(opacity))\"/>\n"
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String) {
        body += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" fill=\"\(fill)\"/>\n"
    }

    /// A panel: a frame with a title, x/y tick labels, and a mapping from data to pixels.
    mutating func panel(_ frame: (x: Double, y: Double, w: Double, h: Double), title: String, xRange: (Double, Double),
                        yRange: (Double, Double), xLabel: String = "", yTicks: Bool = true) -> Panel {
        let p = Panel(frame: frame, xRange: Self.pad(xRange), yRange: Self.pad(yRange))
        rect(frame.x, frame.y, frame.w, frame.h, fill: "#fafafa")
        line(frame.x, frame.y + frame.h, frame.x + frame.w, frame.y + frame.h)
        line(frame.x, frame.y, frame.x, frame.y + frame.h)
        text(title, x: frame.x + frame.w / 2, y: frame.y - 6, size: 12, bold: true)
        for t in Self.ticks(p.xRange) {
            let x = p.x(t)
            line(x, frame.y + frame.h, x, frame.y + frame.h + 4)
            text(Self.label(t), x: x, y: frame.y + frame.h + 15, size: 9)
        }
        if yTicks {
            for t in Self.ticks(p.yRange) {
                let y = p.y(t)
                line(frame.x - 4, y, frame.x, y)
                text(Self.label(t), x: frame.x - 6, y: y + 3, size: 9, anchor: "end")
            }
        }
        if !xLabel.isEmpty { text(xLabel, x: frame.x + frame.w / 2, y: frame.y + frame.h + 28, size: 10) }
        return p
    }

    static func pad(_ r: (Double, Double)) -> (Double, Double) {
        if !(r.1 > r.0) { return (r.0 - 0.5, r.0 + 0.5) }
        let d = 0.03 * (r.1 - r.0)
        return (r.0 - d, r.1 + d)
    }

    /// About five round ticks across a range.
    static func ticks(_ r: (Double, Double)) -> [Double] {
        let span = r.1 - r.0
        guard span > 0, span.isFinite else { return [] }
        let raw = span / 5
        let mag: Double = Foundation.pow(10.0, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = (r.0 / step).rounded(.up) * step
        var out: [Double] = []
        while t <= r.1 && out.count < 12 { out.append(t); t += step }
        return out
    }

    static func label(_ v: Double) -> String {
        if abs(v) < 1e-12 { return "0" }
        if abs(v) >= 1e4 || abs(v) < 1e-3 { return String(format: "%.1e", v) }
        return String(format: "%g", (v * 1e6).rounded() / 1e6)
    }

    private func f(_ v: Double) -> String { String(format: "%.2f", v.isFinite ? v : 0) }

    var document: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            + body + "</svg>\n"
    }
}

/// Maps data coordinates into a panel's frame.
struct Panel {
    let frame: (x: Double, y: Double, w: Double, h: Double)
    let xRange: (Double, Double), yRange: (Double, Double)
    func x(_ v: Double) -> Double { frame.x + (v - xRange.0) / (xRange.1 - xRange.0) * frame.w }
    func y(_ v: Double) -> Double { frame.y + frame.h - (v - yRange.0) / (yRange.1 - yRange.0) * frame.h }
}
