import Foundation
import Tessera
import TesseraLogProb

/// Adds the `log_likelihood` group: each observed variable's elementwise log-density at every
/// posterior draw (PyMC's `pm.compute_log_likelihood`), for LOO and WAIC.
public func computeLogLikelihood(_ model: Model, _ idata: InferenceData) throws -> InferenceData {
    var placeholders: [Variable: Variable] = [:]
    var inputs: [Variable] = []
    for rv in model.freeRVs {
        let name = model.nameOf(rv)
        guard let draws = idata.posterior[name] else {
            throw ModelError.unknownVariable("computeLogLikelihood: the posterior has no draws of '\(name)'")
        }
        let p = tensor(name + "__draw", dtype: rv.dtype, shape: draws.shape.dropFirst(2).map { $0 })
        placeholders[rv] = p
        inputs.append(p)
    }
    var values = placeholders
    for rv in model.observedRVs { values[rv] = model.rvsToValues[rv]! }
    let observedMap = Dictionary(uniqueKeysWithValues: model.observedRVs.map { ($0, model.rvsToValues[$0]!) })
    let terms = try factorizedJointLogProb(observedMap, conditioningOn: placeholders)
    let outputs = model.observedRVs.map { terms[model.rvsToValues[$0]!]! }
    let f = try function(inputs, outputs, mode: .vm)
    let first = idata.posterior[model.nameOf(model.freeRVs[0])]!
    let (chains, draws) = (first.shape[0], first.shape[1])
    var collected = Array(repeating: [Double](), count: outputs.count)
    var shapes = Array(repeating: [Int](), count: outputs.count)
    for c in 0..<chains {
        for d in 0..<draws {
            let point = try model.freeRVs.map { rv -> NDArray in
                let all = idata.posterior[model.nameOf(rv)]!
                let inner = Array(all.shape.dropFirst(2))
                let n = inner.reduce(1, *)
                let start = (c * draws + d) * n
                return try NDArray(shape: inner, elements: Array(all.doubles[start..<(start + n)]), dtype: rv.dtype)
            }
            for (k, v) in try f.call(point).enumerated() {
                collected[k].append(contentsOf: v.doubles)
                shapes[k] = v.shape
            }
        }
    }
    var samples: [String: NDArray] = [:]
    for (k, rv) in model.observedRVs.enumerated() {
        samples[model.nameOf(rv)] = try NDArray(shape: [chains, draws] + shapes[k], elements: collected[k])
    }
    var out = idata
    out.logLikelihood = try Dataset(samples: samples, dims: model.dims,
                                    coords: model.coords.mapValues { CoordinateLabels.strings($0) })
    return out
}

/// An estimate of the expected log pointwise predictive density, as ArviZ's `ELPDData`.
public struct ELPD: Sendable, CustomStringConvertible {
    /// `"loo"` or `"waic"`.
    public let kind: String
    public let elpd: Double
    public let se: Double
    /// The effective number of parameters.
    public let p: Double
    public let nSamples: Int
    public let nDataPoints: Int
    /// Pointwise elpd contributions.
    public let pointwise: [Double]
    /// PSIS shape estimates per observation (LOO only).
    public let paretoK: [Double]
    /// Whether some `k` exceeds the threshold (0.7 here, ArviZ's default for ≥ 2200 draws differs slightly).
    public var warning: Bool { paretoK.contains { $0 > 0.7 } }

    public var description: String {
        String(format: "Computed from %d posterior samples and %d observations log-likelihood matrix.\n\n", nSamples, nDataPoints)
            + String(format: "          Estimate       SE\nelpd_%@  %8.2f %8.2f\np_%@     %8.2f        -\n", kind, elpd, se, kind, p)
    }
}

/// The log-likelihood matrix of a group variable (or all observed variables flattened): `[samples][observations]`.
func logLikelihoodMatrix(_ idata: InferenceData, varName: String?) throws -> (ll: [[Double]], chains: Int, draws: Int) {
    let group = idata.logLikelihood
    let names = varName.map { [$0] } ?? group.names
    guard !names.isEmpty else {
        throw ModelError.invalid("the InferenceData has no log_likelihood group; call computeLogLikelihood(model, idata) first")
    }
    var columns: [[Double]] = []
    var chains = 0, draws = 0
    for name in names {
        guard let v = group[name] else { throw ModelError.unknownVariable("log_likelihood has no variable '\(name)'") }
        (chains, draws) = (v.shape[0], v.shape[1])
        let n = v.shape.dropFirst(2).reduce(1, *)
        for i in 0..<n { columns.append(stride(from: i, to: v.count, by: n).map { v.doubles[$0] }) }
    }
    return (columns, chains, draws)
}

/// The sum of numbers (written out: `reduce(0, +)` is ambiguous beside tensor operators).
private func total(_ xs: [Double]) -> Double {
    var s = 0.0
    for x in xs { s += x }
    return s
}

private func logSumExp(_ x: [Double]) -> Double {
    let m = x.max() ?? -.infinity
    if !m.isFinite { return m }
    return m + Foundation.log(x.reduce(0) { $0 + Foundation.exp($1 - m) })
}

/// WAIC (Watanabe 2010) as ArviZ computes it: `lppd_i − var_s(log p(y_i | θ_s))` summed over observations.
public func waic(_ idata: InferenceData, varName: String? = nil) throws -> ELPD {
    let (ll, chains, draws) = try logLikelihoodMatrix(idata, varName: varName)
    let s = Double(chains * draws)
    var pointwise: [Double] = [], penalties: [Double] = []
    for column in ll {
        let lppd = logSumExp(column) - Foundation.log(s)
        let m = column.reduce(0, +) / s
        let v = column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / s  // ArviZ: np.var, ddof 0
        pointwise.append(lppd - v)
        penalties.append(v)
    }
    let n = Double(pointwise.count)
    let mean = pointwise.reduce(0, +) / n
    let se = (pointwise.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }).squareRoot()  // √(n · var), ddof 0
    return ELPD(kind: "waic", elpd: pointwise.reduce(0, +), se: se, p: penalties.reduce(0, +), nSamples: Int(s),
                nDataPoints: pointwise.count, pointwise: pointwise, paretoK: [])
}

/// Pareto-smoothed importance-sampling leave-one-out cross-validation (Vehtari, Gelman & Gabry 2017;
/// Vehtari et al. 2024, "Pareto smoothed importance sampling"), as ArviZ's `az.loo`: relative efficiency
/// from the posterior's mean ESS, the generalized Pareto fit of Zhang & Stephens (2009) with ArviZ's prior.
public func loo(_ idata: InferenceData, varName: String? = nil) throws -> ELPD {
    let (ll, chains, draws) = try logLikelihoodMatrix(idata, varName: varName)
    let s = chains * draws
    var reff = 1.0
    if chains > 1 {
        let e = try ess(idata, method: .mean)
        let values = e.names.flatMap { e[$0]?.doubles ?? [] }
        reff = values.reduce(0, +) / Double(values.count) / Double(s)
    }
    var pointwise: [Double] = [], ks: [Double] = []
    var lppd = 0.0
    for column in ll {
        let (logWeights, k) = psisLogWeights(column.map { -$0 }, reff: reff)
        pointwise.append(logSumExp(zip(column, logWeights).map { (a: Double, w: Double) -> Double in a + w }))
        ks.append(k)
        lppd += logSumExp(column) - Foundation.log(Double(s))
    }
    let n = Double(pointwise.count)
    let elpd: Double = total(pointwise)
    let mean = elpd / n
    let se = (pointwise.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }).squareRoot()  // √(n · var), ddof 0
    return ELPD(kind: "loo", elpd: elpd, se: se, p: lppd - elpd, nSamples: s, nDataPoints: pointwise.count,
                pointwise: pointwise, paretoK: ks)
}

/// PSIS: smooths the largest importance ratios with a fitted generalized Pareto; returns normalised
/// log-weights and the fitted shape `k`.
func psisLogWeights(_ logRatios: [Double], reff: Double) -> ([Double], Double) {
    let n = logRatios.count
    let maxLR = logRatios.max() ?? 0
    var x = logRatios.map { $0 - maxLR }
    let order = x.indices.sorted { x[$0] < x[$1] }
    let tailCount = Int((min(0.2 * Double(n), 3 * (Double(n) / reff).squareRoot())).rounded(.up))
    let cutoffIndex = max(0, n - tailCount - 1)
    let xCutoff = max(x[order[cutoffIndex]], Foundation.log(Double.leastNormalMagnitude))
    let expCutoff = Foundation.exp(xCutoff)
    let tail = x.indices.filter { x[$0] > xCutoff }.sorted { x[$0] < x[$1] }
    var k = Double.infinity
    if tail.count > 4 {
        let values = tail.map { Foundation.exp(x[$0]) - expCutoff }
        let (kHat, sigma) = generalizedParetoFit(values)
        k = kHat
        if k.isFinite {
            for (j, i) in tail.enumerated() {
                let p = (Double(j) + 0.5) / Double(tail.count)
                let q = abs(k) < Double.ulpOfOne ? -Foundation.log1p(-p) : Foundation.expm1(-k * Foundation.log1p(-p)) / k
                x[i] = Foundation.log(q * sigma + expCutoff)
            }
            for i in x.indices where x[i] > 0 { x[i] = 0 }
        }
    }
    let lse = logSumExpValues(x)
    return (x.map { $0 - lse }, k)
}

private func logSumExpValues(_ x: [Double]) -> Double {
    let m = x.max() ?? -.infinity
    return m + Foundation.log(x.reduce(0) { $0 + Foundation.exp($1 - m) })
}

/// The generalized Pareto fit of Zhang & Stephens (2009) with ArviZ's weakly informative prior
/// (`prior_bs = 3`, `prior_k = 10`); `values` sorted ascending.
func generalizedParetoFit(_ values: [Double]) -> (k: Double, sigma: Double) {
    let n = values.count
    let priorBS = 3.0, priorK = 10.0
    let m = 30 + Int(Double(n).squareRoot())
    let quartile = values[Int(Double(n) / 4 + 0.5) - 1]
    var b = (1...m).map { 1 - (Double(m) / (Double($0) - 0.5)).squareRoot() }
    let top: Double = values[n - 1]
    b = b.map { (bi: Double) -> Double in bi / (priorBS * quartile) + 1.0 / top }
    let nd = Double(n)
    func meanLog1p(_ bi: Double) -> Double {
        var acc = 0.0
        for v in values { acc += Foundation.log1p(-bi * v) }
        return acc / nd
    }
    let kAry: [Double] = b.map(meanLog1p)
    var lenScale: [Double] = []
    for (bi, ki) in zip(b, kAry) { lenScale.append(nd * (Foundation.log(-(bi / ki)) - ki - 1)) }
    var weights: [Double] = []
    for li in lenScale {
        var acc = 0.0
        for lj in lenScale { acc += Foundation.exp(lj - li) }
        weights.append(1 / acc)
    }
    let keep = weights.indices.filter { weights[$0] >= 10 * Double.ulpOfOne }
    weights = keep.map { weights[$0] }
    let bKept: [Double] = keep.map { b[$0] }
    let sumW: Double = total(weights)
    weights = weights.map { $0 / sumW }
    var bPost = 0.0
    for (bi, w) in zip(bKept, weights) { bPost += bi * w }
    var kPost = meanLog1p(bPost)
    let sigma = -kPost / bPost
    kPost = (Double(n) * kPost + priorK * 0.5) / (Double(n) + priorK)
    return (kPost, sigma)
}
