import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// Draws per sampler test.
let samplerDraws = 100_000

/// Reads `Fixtures/samplers.json` (written by `Scripts/fixtures/samplers.py`).
enum SamplerFixture {
    /// The whole fixture (parsed afresh: JSON values are not `Sendable`; tests keep what they need).
    static var root: [String: Any] {
        do {
            return try Fixture.load("samplers") as? [String: Any] ?? [:]
        } catch {
            Issue.record("samplers fixture: \(error)")
            return [:]
        }
    }

    static func records(_ key: String) -> [[String: Any]] { root[key] as? [[String: Any]] ?? [] }
    static func object(_ key: String) -> [String: Any] { root[key] as? [String: Any] ?? [:] }
    static func numbers(_ v: Any?) -> [Double] { (v as? [Any] ?? []).map(Fixture.double) }
    static func optional(_ v: Any?) -> Double? { v == nil || v is NSNull ? nil : Fixture.double(v!) }
}

/// SciPy's mean, variance and fourth central moment of a distribution (nil where they do not exist).
struct ReferenceMoments: Sendable {
    let mean: Double?, variance: Double?, mu4: Double?
    init(_ r: [String: Any]) {
        mean = SamplerFixture.optional(r["mean"])
        variance = SamplerFixture.optional(r["variance"])
        mu4 = SamplerFixture.optional(r["mu4"])
    }
}

/// SciPy's CDF of a continuous distribution at its quantiles for 1%, 2%, …, 99%.
struct ReferenceCDF: Sendable {
    let x: [Double], cdf: [Double]
    let moments: ReferenceMoments
    init(_ r: [String: Any]) {
        x = SamplerFixture.numbers(r["x"])
        cdf = SamplerFixture.numbers(r["cdf"])
        moments = ReferenceMoments(r)
    }
}

/// SciPy's PMF of a discrete distribution on `lower ..< lower + pmf.count` (tails below 1e-12 cut).
struct ReferencePMF: Sendable {
    let lower: Int, pmf: [Double]
    let moments: ReferenceMoments
    init(_ r: [String: Any]) {
        lower = Int(Fixture.double(r["lower"] ?? 0))
        pmf = SamplerFixture.numbers(r["pmf"])
        moments = ReferenceMoments(r)
    }
}

/// One fixture case of a univariate distribution: its name, PyMC parameters and SciPy reference.
struct SamplerCase: Sendable, CustomTestStringConvertible {
    let dist: String
    let params: [String: Double]
    let continuous: ReferenceCDF?
    let discrete: ReferencePMF?

    var testDescription: String {
        "\(dist)(" + params.keys.sorted().map { "\($0)=\(params[$0]!)" }.joined(separator: ", ") + ")"
    }

    static func load(_ key: String) -> [SamplerCase] {
        SamplerFixture.records(key).map { r in
            let params = (r["params"] as? [String: Any] ?? [:]).mapValues(Fixture.double)
            let isContinuous = r["x"] != nil
            return SamplerCase(dist: r["dist"] as? String ?? "?", params: params,
                               continuous: isContinuous ? ReferenceCDF(r) : nil,
                               discrete: isContinuous ? nil : ReferencePMF(r))
        }
    }

    /// The random variable of this case, through the public factory.
    func variable(size: [Int]) -> Variable {
        let p = { (name: String) -> Variable in constant(NDArray(params[name] ?? .nan)) }
        switch dist {
        case "halfnormal": return Random.halfNormal(p("sigma"), size: size)
        case "lognormal": return Random.logNormal(p("mu"), p("sigma"), size: size)
        case "exponential": return Random.exponential(p("lam"), size: size)
        case "gamma": return Random.gamma(p("alpha"), p("beta"), size: size)
        case "inversegamma": return Random.inverseGamma(p("alpha"), p("beta"), size: size)
        case "beta": return Random.beta(p("alpha"), p("beta"), size: size)
        case "studentt": return Random.studentT(p("nu"), p("mu"), p("sigma"), size: size)
        case "halfstudentt": return Random.halfStudentT(p("nu"), p("sigma"), size: size)
        case "cauchy": return Random.cauchy(p("alpha"), p("beta"), size: size)
        case "halfcauchy": return Random.halfCauchy(p("beta"), size: size)
        case "laplace": return Random.laplace(p("mu"), p("b"), size: size)
        case "logistic": return Random.logistic(p("mu"), p("s"), size: size)
        case "weibull": return Random.weibull(p("alpha"), p("beta"), size: size)
        case "pareto": return Random.pareto(p("alpha"), p("m"), size: size)
        case "chisquared": return Random.chiSquared(p("nu"), size: size)
        case "vonmises": return Random.vonMises(p("mu"), p("kappa"), size: size)
        case "bernoulli": return Random.bernoulli(p("p"), size: size)
        case "binomial": return Random.binomial(p("n"), p("p"), size: size)
        case "poisson": return Random.poisson(p("mu"), size: size)
        case "negativebinomial": return Random.negativeBinomial(p("n"), p("p"), size: size)
        case "geometric": return Random.geometric(p("p"), size: size)
        case "discreteuniform": return Random.discreteUniform(p("lower"), p("upper"), size: size)
        case "betabinomial": return Random.betaBinomial(p("n"), p("alpha"), p("beta"), size: size)
        default:
            Issue.record("no factory for \(dist)")
            return Random.normal(size: size)
        }
    }
}

// MARK: - Checks

/// The fraction of sorted draws at or below `x`.
func empiricalCDF(_ sorted: [Double], _ x: Double) -> Double {
    var lo = 0, hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return Double(lo) / Double(sorted.count)
}

/// Checks continuous draws against SciPy's CDF at the fixture's grid, two ways:
/// the largest gap between the empirical and exact CDF at the grid points against the KS
/// critical value √(−ln(α/2)/2)/√n (a lower bound of the KS statistic, so the test is valid), and
/// a chi-square test over the bins between grid points (equal probabilities by construction).
func expectMatchesCDF(_ draws: [Double], _ ref: ReferenceCDF, alpha: Double = 1e-4, _ comment: String = "",
                      sourceLocation: SourceLocation = #_sourceLocation) {
    let sorted = draws.sorted()
    let n = Double(draws.count)
    var gap = 0.0, worst = 0.0
    for (x, f) in zip(ref.x, ref.cdf) {
        let d = abs(empiricalCDF(sorted, x) - f)
        if d > gap { gap = d; worst = x }
    }
    let critical = (-Foundation.log(alpha / 2) / 2).squareRoot() / n.squareRoot()
    #expect(gap < critical, "CDF gap \(gap) at x = \(worst) ≥ KS critical \(critical) \(comment)",
            sourceLocation: sourceLocation)
    // Bin index of each draw: bin 0 is (−∞, x₁], bin i is (xᵢ, xᵢ₊₁], the last (x_last, ∞).
    let bins = draws.map { v -> Double in
        var lo = 0, hi = ref.x.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ref.x[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return Double(lo)
    }
    let probs = (0...ref.cdf.count).map { i -> Double in
        let upper = i < ref.cdf.count ? ref.cdf[i] : 1, lower = i > 0 ? ref.cdf[i - 1] : 0
        return max(0, upper - lower)
    }
    expectChiSquare(bins, pmf: { probs[$0] }, support: 0...ref.cdf.count, alpha: alpha, "binned \(comment)",
                    sourceLocation: sourceLocation)
}

/// Checks integer draws against SciPy's PMF (chi-square) and that they are whole numbers.
func expectMatchesPMF(_ draws: [Double], _ ref: ReferencePMF, _ comment: String = "",
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(draws.allSatisfy { $0 == $0.rounded() }, "draws are not whole numbers \(comment)", sourceLocation: sourceLocation)
    let lower = ref.lower, pmf = ref.pmf
    expectChiSquare(draws, pmf: { k in k - lower < pmf.count ? pmf[k - lower] : 0 },
                    support: lower...(lower + pmf.count - 1), comment, sourceLocation: sourceLocation)
}

/// Checks the sample mean (where the variance exists) and variance (where the fourth moment exists).
func expectReferenceMoments(_ draws: [Double], _ m: ReferenceMoments, _ comment: String = "",
                            sourceLocation: SourceLocation = #_sourceLocation) {
    guard let mean = m.mean, let variance = m.variance else { return }
    if let mu4 = m.mu4 {
        expectMoments(draws, mean: mean, variance: variance, mu4: mu4, comment, sourceLocation: sourceLocation)
    } else {
        let n = Double(draws.count)
        let sample = draws.reduce(0, +) / n
        #expect(abs(sample - mean) <= 5 * (variance / n).squareRoot(), "mean \(sample), expected \(mean) \(comment)",
                sourceLocation: sourceLocation)
    }
}

/// Checks a sample covariance matrix against `expected`, entry by entry within `z` standard errors
/// (each error estimated from the draws: the spread of the centred products).
func expectCovariance(_ draws: [Double], dimension k: Int, _ expected: [[Double]], z: Double = 5,
                      _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let n = draws.count / k
    var mean = [Double](repeating: 0, count: k)
    for i in 0..<n { for a in 0..<k { mean[a] += draws[i * k + a] } }
    for a in 0..<k { mean[a] /= Double(n) }
    for a in 0..<k {
        for b in 0...a {
            var s = 0.0, s2 = 0.0
            for i in 0..<n {
                let v = (draws[i * k + a] - mean[a]) * (draws[i * k + b] - mean[b])
                s += v; s2 += v * v
            }
            let c = s / Double(n)
            let se = max(((s2 / Double(n) - c * c) / Double(n)).squareRoot(), 1e-15)
            #expect(abs(c - expected[a][b]) <= z * se, "covariance (\(a), \(b)) \(c), expected \(expected[a][b]) ± \(z * se) \(comment)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// Column `j` of draws laid out as rows of `k`.
func column(_ draws: [Double], _ j: Int, of k: Int) -> [Double] {
    stride(from: j, to: draws.count, by: k).map { draws[$0] }
}
