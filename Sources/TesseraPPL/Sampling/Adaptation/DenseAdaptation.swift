/// Running mean and covariance (Welford's update generalised to outer products) for the dense metric
/// of Stan's windowed warm-up.
///
/// - Complexity: O(n²) per added draw; draws are added only in the slow windows.
public struct RunningCovariance: Sendable {
    var n = 0
    var mean: [Double]
    /// Σ (x − mean_old)(x − mean_new)ᵀ, row-major.
    var m2: [Double]
    let dimension: Int
    var delta: [Double]

    public init(dimension: Int) {
        self.dimension = dimension
        mean = [Double](repeating: 0, count: dimension)
        m2 = [Double](repeating: 0, count: dimension * dimension)
        delta = mean
    }

    public mutating func add(_ x: [Double]) {
        n += 1
        let d = dimension
        for i in 0..<d {
            delta[i] = x[i] - mean[i]
            mean[i] += delta[i] / Double(n)
        }
        for i in 0..<d {
            let after = x[i] - mean[i]
            for j in 0..<d { m2[i * d + j] += after * delta[j] }
        }
    }

    /// The regularised covariance Stan uses (Stan Reference Manual, "HMC algorithm parameters"):
    ///
    /// ```
    /// Σ̂ = n/(n + 5) · Σ + 10⁻³ · 5/(n + 5) · I
    /// ```
    ///
    /// with `Σ` the sample covariance of the window (divisor n − 1), symmetrised.
    public var regularizedCovariance: [Double] {
        let d = dimension
        let nd = Double(n)
        let scale = (nd / (nd + 5)) / max(1, nd - 1)
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d { out[i * d + j] = scale * 0.5 * (m2[i * d + j] + m2[j * d + i]) }
            out[i * d + i] += 1e-3 * (5 / (nd + 5))
        }
        return out
    }

    public var count: Int { n }
}
