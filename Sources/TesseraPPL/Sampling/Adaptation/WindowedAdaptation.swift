/// Stan's windowed warm-up schedule (Stan Reference Manual, "HMC algorithm parameters: adaptation"):
/// an initial fast window (75 draws) adapting the step size only, slow windows (25, 50, 100, …)
/// that estimate the metric and end with an update, and a terminal fast window (50 draws).
/// Short warm-ups scale the windows down (15% / 75% / 10%), as Stan does.
public struct WindowSchedule: Sendable {
    public let tune: Int
    let initBuffer: Int
    let termBuffer: Int
    let baseWindow: Int
    /// Draw indices (0-based, within warm-up) at which a slow window ends and the metric is updated.
    public let windowEnds: Set<Int>
    /// Where the slow windows start.
    public let slowStart: Int

    public init(tune: Int, initBuffer: Int = 75, termBuffer: Int = 50, baseWindow: Int = 25) {
        self.tune = tune
        var i = initBuffer, t = termBuffer, w = baseWindow
        if tune < 20 {
            (i, t, w) = (tune, 0, 0)
        } else if initBuffer + termBuffer + baseWindow > tune {
            i = Int(0.15 * Double(tune))
            t = Int(0.1 * Double(tune))
            w = tune - i - t
        }
        self.initBuffer = i
        self.termBuffer = t
        self.baseWindow = w
        slowStart = i
        var ends = Set<Int>()
        if w > 0 {
            var start = i
            var size = w
            let lastSlowEnd = tune - t
            while start < lastSlowEnd {
                var end = start + size
                // The last slow window absorbs what would be too short a next one.
                if end + 2 * size > lastSlowEnd { end = lastSlowEnd }
                ends.insert(end - 1)
                start = end
                size *= 2
            }
        }
        windowEnds = ends
    }

    /// Whether draw `i` of warm-up falls in a slow window (its point feeds the metric estimate).
    public func isSlow(_ i: Int) -> Bool { baseWindow > 0 && i >= slowStart && i < tune - termBuffer }
}

/// Running mean and variance (Welford) for the diagonal metric.
public struct RunningVariance: Sendable {
    var n = 0
    var mean: [Double]
    var m2: [Double]

    public init(dimension: Int) {
        mean = [Double](repeating: 0, count: dimension)
        m2 = [Double](repeating: 0, count: dimension)
    }

    public mutating func add(_ x: [Double]) {
        n += 1
        for i in x.indices {
            let d = x[i] - mean[i]
            mean[i] += d / Double(n)
            m2[i] += d * (x[i] - mean[i])
        }
    }

    /// The sample variance (divisor n − 1).
    public var variance: [Double] {
        let d = Double(max(1, n - 1))
        return m2.map { $0 / d }
    }

    /// The regularised variance Stan uses: `n/(n+5) · var + 1e-3 · 5/(n+5)`.
    public var regularizedVariance: [Double] {
        let nd = Double(n)
        return m2.map { v in (nd / (nd + 5)) * (v / max(1, nd - 1)) + 1e-3 * (5 / (nd + 5)) }
    }

    public var count: Int { n }
}
