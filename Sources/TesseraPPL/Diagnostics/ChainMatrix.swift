import Foundation
import Tessera

/// The draws of one scalar quantity: `chains` rows of `draws` values each, flat and row-major.
///
/// The diagnostics are functions of such a matrix; this type holds the transformations they share
/// (splitting chains, rank normalisation, folding, quantiles), each as ArviZ 0.23 defines it.
struct ChainMatrix: Sendable {
    let chains: Int
    let draws: Int
    var values: [Double]

    init(chains: Int, draws: Int, values: [Double]) {
        precondition(values.count == chains * draws, "ChainMatrix: \(values.count) values for \(chains)×\(draws)")
        self.chains = chains
        self.draws = draws
        self.values = values
    }

    var count: Int { values.count }

    /// One chain's draws.
    func row(_ c: Int) -> ArraySlice<Double> { values[(c * draws)..<((c + 1) * draws)] }

    /// Whether ArviZ's `_not_valid` accepts the matrix: no NaN, at least `minChains` chains
    /// and `minDraws` draws per chain.
    func isValid(minChains: Int, minDraws: Int = 4) -> Bool {
        chains >= minChains && draws >= minDraws && !values.contains(where: \.isNaN)
    }

    /// The same shape with every value transformed.
    func mapped(_ f: (Double) -> Double) -> ChainMatrix {
        ChainMatrix(chains: chains, draws: draws, values: values.map(f))
    }

    /// Each chain cut into its first and last halves, stacked as `2·chains` chains: first halves
    /// of all chains, then last halves (the middle draw of an odd-length chain is dropped).
    /// Vehtari et al. (2021), "Rank-normalization, folding, and localization: an improved R̂ for
    /// assessing convergence of MCMC", Bayesian Analysis 16(2) (split chains).
    func split() -> ChainMatrix {
        let half = draws / 2
        var out = [Double]()
        out.reserveCapacity(2 * chains * half)
        for c in 0..<chains { out.append(contentsOf: row(c).prefix(half)) }
        for c in 0..<chains { out.append(contentsOf: row(c).suffix(half)) }
        return ChainMatrix(chains: 2 * chains, draws: half, values: out)
    }

    /// Rank normalisation (Vehtari et al. 2021): the pooled average ranks `r` of all
    /// values mapped to normal scores `Φ⁻¹((r − 3/8) / (S + 1/4))` (Blom's offset).
    func zScaled() -> ChainMatrix {
        let r = averageRanks(values)
        let s = Double(count)
        let denominator = s - 2 * 0.375 + 1
        // Untied ranks are the integers 1…S: their scores come from a table shared by every quantity
        // with S values (the same expression, so the same bits); a tie's half-integer rank is computed.
        let table = NormalScores.table(count)
        return ChainMatrix(chains: chains, draws: draws, values: r.map { rank in
            if let k = Int(exactly: rank), k >= 1, k <= table.count { return table[k - 1] }
            return standardNormalQuantile((rank - 0.375) / denominator)
        })
    }

    /// Folding (Vehtari et al. 2021): `|x − median(x)|` over all values.
    func folded() -> ChainMatrix {
        let m = median(values)
        return mapped { Swift.abs($0 - m) }
    }

    /// The mean of all values.
    var mean: Double { values.reduce(0, +) / Double(count) }

    /// Each chain's mean.
    var chainMeans: [Double] { (0..<chains).map { row($0).reduce(0, +) / Double(draws) } }
}

/// The normal scores `Φ⁻¹((r − 3/8) / (S + 1/4))` of the integer ranks `r = 1…S`, computed once per `S`
/// (rank normalisation of every variable of a posterior uses the same table; the diagnostics at the end
/// of `sample` would otherwise spend most of their time in `Φ⁻¹`).
enum NormalScores {
    nonisolated(unsafe) static var tables: [Int: [Double]] = [:]
    static let lock = NSLock()

    static func table(_ count: Int) -> [Double] {
        lock.lock()
        if let t = tables[count] { lock.unlock(); return t }
        lock.unlock()
        let denominator = Double(count) - 2 * 0.375 + 1
        let t = (1...max(1, count)).map { standardNormalQuantile((Double($0) - 0.375) / denominator) }
        lock.lock()
        if tables.count > 64 { tables.removeAll() }
        tables[count] = t
        lock.unlock()
        return t
    }
}

// MARK: - Statistics on plain arrays

/// The sample variance with `ddof` degrees of freedom removed (two-pass, as `numpy.var`).
func variance<C: Collection>(_ x: C, ddof: Int) -> Double where C.Element == Double {
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    var s = 0.0
    for v in x { s += (v - mean) * (v - mean) }
    return s / (n - Double(ddof))
}

/// The median (the mean of the two middle values for an even count), as `numpy.median`.
func median(_ x: [Double]) -> Double {
    let s = x.sorted()
    let n = s.count
    guard n > 0 else { return .nan }
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
}

/// The quantile of R's type 7, computed as `scipy.stats.mstats.mquantiles(x, p, alphap=1, betap=1)`
/// (ArviZ's `_quantile`): `a = n p + (1 − p)`, `k = ⌊clip(a, 1, n − 1)⌋`, `γ = clip(a − k, 0, 1)`,
/// result `(1 − γ) x₍ₖ₎ + γ x₍ₖ₊₁₎` over the sorted values (1-based).
func quantileType7(sorted s: [Double], _ p: Double) -> Double {
    let n = s.count
    guard n > 1 else { return s.first ?? .nan }
    let aleph = Double(n) * p + (1 - p)
    let k = Int(Swift.min(Swift.max(aleph, 1), Double(n - 1)).rounded(.down))
    let gamma = Swift.min(Swift.max(aleph - Double(k), 0), 1)
    return (1 - gamma) * s[k - 1] + gamma * s[k]
}

/// Average ranks (1-based; tied values share the mean of their ranks), as
/// `scipy.stats.rankdata(x, method="average")`.
func averageRanks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
    var ranks = [Double](repeating: 0, count: x.count)
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
        let rank = Double(i + j + 2) / 2  // mean of the 1-based ranks i+1 … j+1
        for k in i...j { ranks[order[k]] = rank }
        i = j + 1
    }
    return ranks
}

/// The standard normal quantile `Φ⁻¹(p)` (SciPy's `ndtri`) to a few ulps.
///
/// By symmetry only `q = min(p, 1 − p)` is solved (`1 − p` is exact for `p ≥ 1/2`). The start is
/// `√2 erfinv(2q − 1)`, or below `q = 10⁻¹⁰`, where `2q − 1` rounds away the digits of `q`, the
/// rational approximation of Abramowitz & Stegun 26.2.23 (error below 4.5·10⁻⁴). Halley steps on
/// `Φ(z) − q`, with `Φ(z) = erfc(−z/√2)/2` accurate in the lower tail, then give full precision.
func standardNormalQuantile(_ p: Double) -> Double {
    if p.isNaN || p < 0 || p > 1 { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    return p > 0.5 ? -lowerNormalQuantile(1 - p) : lowerNormalQuantile(p)
}

/// `Φ⁻¹(q)` for `0 < q ≤ 1/2`.
private func lowerNormalQuantile(_ q: Double) -> Double {
    var z: Double
    if q > 1e-10 {
        z = 2.0.squareRoot() * Special.erfinv(2 * q - 1)
    } else {
        let t = (-2 * Foundation.log(q)).squareRoot()
        let numerator: Double = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator: Double = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        z = -(t - numerator / denominator)
    }
    let invSqrt2: Double = 0.707106781186547524400844362104849
    for _ in 0..<8 {
        let r: Double = 0.5 * Foundation.erfc(-z * invSqrt2) - q
        let density: Double = Foundation.exp(-0.5 * z * z) * 0.398942280401432677939946059934382  // 1/√(2π)
        guard density > 0 else { break }
        let t = r / density
        let step = t / (1 + 0.5 * z * t)  // Halley: Φ″ = −z φ
        z -= step
        if Swift.abs(step) <= 1e-16 * Swift.abs(z) { break }
    }
    return z
}
