import Foundation
import Tessera

/// What ``ess(_:method:relative:)`` measures the effective sample size of (ArviZ's `method`).
public enum ESSMethod: Sendable, Hashable {
    /// The default: ESS of the split, rank-normalised draws — the efficiency for the bulk
    /// of the distribution (Vehtari et al. 2021).
    case bulk
    /// The smaller of the ESS of the 5% and 95% quantiles (Vehtari et al. 2021's tail ESS).
    case tail
    /// ESS of the split draws themselves: the efficiency of the mean.
    case mean
    /// ESS of the split squared deviations `(x − x̄)²`: the efficiency of the variance.
    case sd
    /// ESS of the median (the 50% quantile).
    case median
    /// ESS of the split, folded, rank-normalised draws.
    case folded
    /// ESS of the unsplit draws as they are.
    case identity
    /// ESS of the indicator `x ≤ q_p` of the `p` quantile (Vehtari et al. 2021's quantile ESS).
    case quantile(Double)
}

extension ChainMatrix {
    /// The effective sample size of this matrix as it stands: Geyer's initial monotone sequence
    /// estimator over multi-chain autocorrelations (Vehtari et al. 2021, the ESS of their split chains; Geyer 1992,
    /// "Practical Markov chain Monte Carlo", Statistical Science 7(4)), in ArviZ's arrangement:
    ///
    /// ```
    /// W·N/(N−1) = mean over chains of acov_c(0)·N/(N−1)
    /// var⁺ = W + var(chain means)                       (the last term with ≥ 2 chains)
    /// ρ̂_t  = 1 − (W·N/(N−1) − mean_c acov_c(t)) / var⁺
    /// τ̂    = −1 + 2 Σ_{t ≤ T} ρ̂_t + ρ̂_{T+1},   ESS = M·N / max(τ̂, 1/log₁₀(M·N))
    /// ```
    /// A constant matrix (range below 1e-15) has ESS equal to its size.
    func effectiveSampleSize(relative: Bool = false) -> Double {
        if values.contains(where: \.isNaN) { return .nan }
        guard let lo = values.min(), let hi = values.max() else { return .nan }
        if hi - lo < 1e-15 { return Double(count) }  // numpy's finfo(float).resolution
        let m = chains
        let n = draws
        var meanAcov = [Double](repeating: 0, count: n)
        for c in 0..<m {
            let acov = autocov(Array(row(c)))
            for t in 0..<n { meanAcov[t] += acov[t] }
        }
        for t in 0..<n { meanAcov[t] /= Double(m) }
        let nd = Double(n)
        let meanVar = meanAcov[0] * nd / (nd - 1)
        var varPlus = meanVar * (nd - 1) / nd
        if m > 1 { varPlus += variance(chainMeans, ddof: 1) }

        var rho = [Double](repeating: 0, count: n)
        var rhoEven = 1.0
        rho[0] = rhoEven
        var rhoOdd = 1 - (meanVar - meanAcov[1]) / varPlus
        rho[1] = rhoOdd
        // Geyer's initial positive sequence.
        var t = 1
        while t < n - 3 && rhoEven + rhoOdd > 0 {
            rhoEven = 1 - (meanVar - meanAcov[t + 1]) / varPlus
            rhoOdd = 1 - (meanVar - meanAcov[t + 2]) / varPlus
            if rhoEven + rhoOdd >= 0 {
                rho[t + 1] = rhoEven
                rho[t + 2] = rhoOdd
            }
            t += 2
        }
        let maxT = t - 2
        if rhoEven > 0 { rho[maxT + 1] = rhoEven }
        // Geyer's initial monotone sequence.
        t = 1
        while t <= maxT - 2 {
            if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t] {
                rho[t + 1] = (rho[t - 1] + rho[t]) / 2
                rho[t + 2] = rho[t + 1]
            }
            t += 2
        }
        let total = Double(m * n)
        var tau = -1.0
        if maxT >= 0 { for i in 0...maxT { tau += 2 * rho[i] } }
        if maxT + 1 < n { tau += rho[maxT + 1] }
        tau = Swift.max(tau, 1 / Foundation.log10(total))
        if rho.contains(where: \.isNaN) { return .nan }
        return (relative ? 1 : total) / tau
    }

    /// The ESS of the indicator `x ≤ q_p` over split chains (`q_p` the type-7 quantile of all draws).
    func quantileESS(_ p: Double, relative: Bool) -> Double {
        let q = quantileType7(sorted: values.sorted(), p)
        return mapped { $0 <= q ? 1 : 0 }.split().effectiveSampleSize(relative: relative)
    }

    /// ESS by one method; `nan` with fewer than 4 draws or any `nan` draw (ArviZ).
    func ess(method: ESSMethod, relative: Bool = false) -> Double {
        guard isValid(minChains: 1) else { return .nan }
        switch method {
        case .bulk: return split().zScaled().effectiveSampleSize(relative: relative)
        case .tail:
            let low = quantileESS(0.05, relative: relative)
            let high = quantileESS(0.95, relative: relative)
            return high < low ? high : low  // Python's min(low, high)
        case .mean: return split().effectiveSampleSize(relative: relative)
        case .sd:
            let mu = mean
            return mapped { ($0 - mu) * ($0 - mu) }.split().effectiveSampleSize(relative: relative)
        case .median: return quantileESS(0.5, relative: relative)
        case .folded: return split().folded().zScaled().effectiveSampleSize(relative: relative)
        case .identity: return effectiveSampleSize(relative: relative)
        case .quantile(let p): return quantileESS(p, relative: relative)
        }
    }
}

/// The effective sample size of each scalar element of an array of draws, as ArviZ's `az.ess`.
///
/// By default the bulk ESS of Vehtari et al. (2021), "Rank-normalization, folding, and
/// localization: an improved R̂ for assessing convergence of MCMC", *Bayesian Analysis* 16(2),
/// the ESS of split, rank-normalised chains. ``ESSMethod/tail`` gives their tail ESS.
///
/// ```swift
/// let bulk = try ess(idata.posterior["theta"]!)                 // shape [8]
/// let tail = try ess(idata.posterior["theta"]!, method: .tail)
/// ```
/// - Parameters:
///   - draws: shape `[chain, draw, …]` (a 1-d array is one chain).
///   - method: what the ESS is of; ``ESSMethod/bulk`` as ArviZ's default.
///   - relative: divide by the number of draws (ArviZ's `relative=True`).
/// - Returns: shape `[…]`; `nan` for an element with fewer than 4 draws or a `nan` draw.
/// - Throws: ``InferenceDataError/invalidArgument(_:)`` for a 0-d array or a quantile outside [0, 1].
/// - Complexity: O(S log S) per element for S draws.
public func ess(_ draws: NDArray, method: ESSMethod = .bulk, relative: Bool = false) throws -> NDArray {
    if case .quantile(let p) = method, !(0...1).contains(p) {
        throw InferenceDataError.invalidArgument("ess: quantile \(p) is outside [0, 1]")
    }
    return try elementwiseDiagnostic(draws, function: "ess") { $0.ess(method: method, relative: relative) }
}

/// The ESS of every variable of a group of draws: a dataset without `chain` and `draw`.
public func ess(_ dataset: Dataset, varNames: [String]? = nil, method: ESSMethod = .bulk,
                relative: Bool = false) throws -> Dataset {
    try dataset.reducingSampleDims(varNames: varNames, function: "ess") {
        try ess($0, method: method, relative: relative)
    }
}

/// The ESS of the variables of one group of an ``InferenceData`` (the posterior by default).
public func ess(_ idata: InferenceData, varNames: [String]? = nil, method: ESSMethod = .bulk,
                relative: Bool = false, group: InferenceData.Group = .posterior) throws -> Dataset {
    try ess(idata[group], varNames: varNames, method: method, relative: relative)
}
