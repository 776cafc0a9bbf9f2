import Foundation
import Tessera

/// The plots `tessera plot` draws, as ArviZ names them.
public enum PlotKind: String, CaseIterable, Sendable {
    case trace, posterior, forest, pair, energy, rank, ppc
}

/// Draws a plot of an InferenceData as a self-contained SVG document (no external program needed):
/// one panel (or row of panels) per scalar element, up to `maxPanels`.
public func plot(_ kind: PlotKind, _ idata: InferenceData, varNames: [String]? = nil, maxPanels: Int = 12) throws -> String {
    let elements = try scalarElements(idata.posterior, varNames: varNames, limit: maxPanels)
    switch kind {
    case .trace: return tracePlot(elements)
    case .posterior: return try posteriorPlot(elements)
    case .forest: return try forestPlot(elements)
    case .rank: return rankPlot(elements)
    case .pair: return pairPlot(Array(elements.prefix(4)))
    case .ppc: return try ppcPlot(idata, varNames: varNames)
    case .energy:
        guard let e = idata.sampleStats["energy"] else {
            throw InferenceDataError.unknownVariable("plot energy: the sample_stats group has no 'energy'")
        }
        return energyPlot(e)
    }
}

/// `(label, chains × draws)` for each scalar element of the chosen variables.
func scalarElements(_ ds: Dataset, varNames: [String]?, limit: Int) throws -> [(String, [[Double]])] {
    var out: [(String, [[Double]])] = []
    for name in varNames ?? ds.names {
        guard let v = ds[name] else { throw InferenceDataError.unknownVariable("plot: no variable '\(name)' in the posterior") }
        guard v.ndim >= 2 else { continue }
        let (chains, draws) = (v.shape[0], v.shape[1])
        let size = v.shape.dropFirst(2).reduce(1, *)
        for i in 0..<size where out.count < limit {
            let label = size == 1 ? name : "\(name)[\(i)]"
            let series = (0..<chains).map { c in (0..<draws).map { d in v.doubles[(c * draws + d) * size + i] } }
            out.append((label, series))
        }
    }
    return out
}

/// A Gaussian kernel density estimate on a grid (Scott's bandwidth).
func kde(_ x: [Double], points: Int = 128) -> [(Double, Double)] {
    let n = Double(x.count)
    guard let lo = x.min(), let hi = x.max(), n > 1 else { return [] }
    let m = x.reduce(0.0) { $0 + $1 } / n
    let sd = (x.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
    let h = max(1.06 * sd * Foundation.pow(n, -0.2), 1e-12)
    return (0..<points).map { k in
        let t = lo + (hi - lo) * Double(k) / Double(points - 1)
        var s = 0.0
        for v in x { let z = (t - v) / h; s += Foundation.exp(-0.5 * z * z) }
        return (t, s / (n * h * (2 * Double.pi).squareRoot()))
    }
}

func tracePlot(_ elements: [(String, [[Double]])]) -> String {
    let rowH = 130.0
    var svg = SVGCanvas(width: 900, height: 40 + rowH * Double(elements.count))
    for (r, (label, chains)) in elements.enumerated() {
        let top = 30 + rowH * Double(r)
        let all = chains.flatMap { $0 }
        let lo = all.min() ?? 0, hi = all.max() ?? 1
        let densities = chains.map { kde($0) }
        let dmax = densities.flatMap { $0.map(\.1) }.max() ?? 1
        let left = svg.panel((60, top, 300, rowH - 50), title: label, xRange: (lo, hi), yRange: (0, dmax), yTicks: false)
        for (c, d) in densities.enumerated() {
            svg.polyline(d.map { (left.x($0.0), left.y($0.1)) }, color: SVGCanvas.palette[c % 8], width: 1.5)
        }
        let draws = chains.first?.count ?? 0
        let right = svg.panel((420, top, 450, rowH - 50), title: label, xRange: (0, Double(max(draws - 1, 1))), yRange: (lo, hi))
        for (c, series) in chains.enumerated() {
            svg.polyline(series.enumerated().map { (right.x(Double($0.offset)), right.y($0.element)) },
                         color: SVGCanvas.palette[c % 8], width: 0.7, opacity: 0.8)
        }
    }
    return svg.document
}

func posteriorPlot(_ elements: [(String, [[Double]])]) throws -> String {
    let cols = 3, w = 280.0, h = 180.0
    let rows = (elements.count + cols - 1) / cols
    var svg = SVGCanvas(width: Double(cols) * (w + 30) + 20, height: Double(rows) * (h + 60) + 20)
    for (k, (label, chains)) in elements.enumerated() {
        let x0 = 30 + Double(k % cols) * (w + 30), y0 = 30 + Double(k / cols) * (h + 60)
        let all = chains.flatMap { $0 }
        let d = kde(all)
        let p = svg.panel((x0, y0, w, h), title: label, xRange: (all.min() ?? 0, all.max() ?? 1),
                          yRange: (0, d.map(\.1).max() ?? 1), yTicks: false)
        svg.polyline(d.map { (p.x($0.0), p.y($0.1)) }, color: SVGCanvas.palette[0], width: 2)
        let interval = try hdi(try NDArray(all)).doubles
        let mean = all.reduce(0.0) { $0 + $1 } / Double(all.count)
        svg.line(p.x(interval[0]), y0 + h - 4, p.x(interval[1]), y0 + h - 4, color: "#000", width: 3)
        svg.text(String(format: "mean=%.3g", mean), x: x0 + w / 2, y: y0 + 16, size: 11)
        svg.text("94% HDI", x: p.x((interval[0] + interval[1]) / 2), y: y0 + h - 10, size: 9)
    }
    return svg.document
}

func forestPlot(_ elements: [(String, [[Double]])]) throws -> String {
    let rowH = 24.0
    var svg = SVGCanvas(width: 700, height: 70 + rowH * Double(elements.count))
    let stats = try elements.map { label, chains -> (String, Double, [Double]) in
        let all = chains.flatMap { $0 }
        return (label, all.reduce(0.0) { $0 + $1 } / Double(all.count), try hdi(try NDArray(all)).doubles)
    }
    let lo = stats.map { $0.2[0] }.min() ?? 0, hi = stats.map { $0.2[1] }.max() ?? 1
    let p = svg.panel((160, 30, 500, rowH * Double(elements.count)), title: "94% HDI", xRange: (lo, hi), yRange: (0, 1),
                      yTicks: false)
    for (k, (label, mean, interval)) in stats.enumerated() {
        let y = 30 + rowH * (Double(k) + 0.5)
        svg.text(label, x: 150, y: y + 4, size: 11, anchor: "end")
        svg.line(p.x(interval[0]), y, p.x(interval[1]), y, color: SVGCanvas.palette[0], width: 2)
        svg.circle(p.x(mean), y, r: 4, fill: SVGCanvas.palette[0])
    }
    return svg.document
}

func energyPlot(_ energy: NDArray) -> String {
    let e = energy.doubles
    let mean = e.reduce(0.0) { $0 + $1 } / Double(e.count)
    let centered = e.map { $0 - mean }
    let transitions = zip(e.dropFirst(), e).map { $0 - $1 }
    var svg = SVGCanvas(width: 600, height: 380)
    let d1 = kde(centered), d2 = kde(transitions)
    let all = centered + transitions
    let p = svg.panel((60, 40, 500, 280), title: "Energy", xRange: (all.min() ?? 0, all.max() ?? 1),
                      yRange: (0, (d1 + d2).map(\.1).max() ?? 1), yTicks: false)
    svg.polyline(d1.map { (p.x($0.0), p.y($0.1)) }, color: SVGCanvas.palette[0], width: 2)
    svg.polyline(d2.map { (p.x($0.0), p.y($0.1)) }, color: SVGCanvas.palette[1], width: 2)
    svg.text("marginal energy", x: 480, y: 60, size: 10, anchor: "end")
    svg.text("energy transition", x: 480, y: 75, size: 10, anchor: "end")
    return svg.document
}

func rankPlot(_ elements: [(String, [[Double]])]) -> String {
    let rowH = 110.0, bins = 20
    var svg = SVGCanvas(width: 700, height: 30 + rowH * Double(elements.count))
    for (r, (label, chains)) in elements.enumerated() {
        let all = chains.flatMap { $0 }.sorted()
        let n = all.count
        let counts = chains.map { series -> [Int] in
            var h = [Int](repeating: 0, count: bins)
            for v in series {
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) / 2; if all[mid] < v { lo = mid + 1 } else { hi = mid } }
                h[min(bins - 1, lo * bins / max(n, 1))] += 1
            }
            return h
        }
        let maxCount = Double(counts.flatMap { $0 }.max() ?? 1)
        let top = 30 + rowH * Double(r)
        let p = svg.panel((60, top, 600, rowH - 40), title: label, xRange: (0, Double(bins)), yRange: (0, maxCount * Double(chains.count)),
                          yTicks: false)
        for (c, h) in counts.enumerated() {
            let base = maxCount * Double(c)
            for (b, k) in h.enumerated() {
                svg.rect(p.x(Double(b)), p.y(base + Double(k)), p.x(Double(b + 1)) - p.x(Double(b)) - 1,
                         p.y(base) - p.y(base + Double(k)), fill: SVGCanvas.palette[c % 8], opacity: 0.8)
            }
        }
    }
    return svg.document
}

/// Scatter plots of every pair of (up to four) elements, densities on the diagonal.
func pairPlot(_ elements: [(String, [[Double]])]) -> String {
    let k = elements.count, cell = 170.0
    var svg = SVGCanvas(width: 60 + cell * Double(k) + 20, height: 40 + cell * Double(k) + 20)
    let flat = elements.map { ($0.0, $0.1.flatMap { $0 }) }
    for (r, (ry, ys)) in flat.enumerated() {
        for (c, (rx, xs)) in flat.enumerated() {
            let frame = (60 + cell * Double(c), 30 + cell * Double(r), cell - 30, cell - 40)
            let xr = (xs.min() ?? 0, xs.max() ?? 1)
            if r == c {
                let d = kde(xs)
                let p = svg.panel(frame, title: rx, xRange: xr, yRange: (0, d.map(\.1).max() ?? 1), yTicks: false)
                svg.polyline(d.map { (p.x($0.0), p.y($0.1)) }, color: SVGCanvas.palette[0], width: 1.5)
            } else {
                let p = svg.panel(frame, title: "\(ry) vs \(rx)", xRange: xr, yRange: (ys.min() ?? 0, ys.max() ?? 1))
                let step = max(1, xs.count / 600)
                for i in stride(from: 0, to: xs.count, by: step) {
                    svg.circle(p.x(xs[i]), p.y(ys[i]), r: 1.2, fill: SVGCanvas.palette[0])
                }
            }
        }
    }
    return svg.document
}

/// Posterior predictive check: the density of the observed data against the densities of (up to 50)
/// posterior predictive draws, per observed variable.
func ppcPlot(_ idata: InferenceData, varNames: [String]?) throws -> String {
    let names = varNames ?? idata.posteriorPredictive.names
    guard !names.isEmpty else {
        throw InferenceDataError.unknownVariable("plot ppc: there is no posterior_predictive group; run samplePosteriorPredictive first")
    }
    let rowH = 240.0
    var svg = SVGCanvas(width: 640, height: 30 + rowH * Double(names.count))
    for (r, name) in names.enumerated() {
        guard let pp = idata.posteriorPredictive[name], let observed = idata.observedData[name] else {
            throw InferenceDataError.unknownVariable("plot ppc: '\(name)' needs posterior_predictive and observed_data")
        }
        let per = pp.shape.dropFirst(2).reduce(1, *)
        let samples = pp.count / max(per, 1)
        let draws = (0..<min(50, samples)).map { s in Array(pp.doubles[(s * per)..<(s * per + per)]) }
        let curves = draws.map { kde($0, points: 64) } + [kde(observed.doubles, points: 64)]
        let xs = curves.flatMap { $0.map(\.0) }, ys = curves.flatMap { $0.map(\.1) }
        let p = svg.panel((60, 30 + rowH * Double(r), 540, rowH - 60), title: name, xRange: (xs.min() ?? 0, xs.max() ?? 1),
                          yRange: (0, ys.max() ?? 1), yTicks: false)
        for c in curves.dropLast() { svg.polyline(c.map { (p.x($0.0), p.y($0.1)) }, color: SVGCanvas.palette[0], width: 0.6, opacity: 0.3) }
        svg.polyline(curves.last!.map { (p.x($0.0), p.y($0.1)) }, color: "#000", width: 2)
        svg.text("observed (black), posterior predictive (blue)", x: 590, y: 50 + rowH * Double(r), size: 9, anchor: "end")
    }
    return svg.document
}
