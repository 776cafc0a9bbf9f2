import Foundation
import Tessera

/// Which Monte Carlo standard error ``mcse(_:method:)`` estimates (ArviZ's `method`).
public enum MCSEMethod: String, Sendable, Hashable, CaseIterable {
    /// The error of the posterior mean: `sd / √ESS_mean`.
    case mean
    /// The error of the posterior standard deviation, by the delta method through the variance.
    case sd
}

extension ChainMatrix {
    /// MCSE of the mean: `s / √ESS_mean`, `s` the standard deviation (ddof 1) of all draws.
    func mcseMean() -> Double {
        guard isValid(minChains: 1) else { return .nan }
        let essMean = split().effectiveSampleSize()
        return variance(values, ddof: 1).squareRoot() / essMean.squareRoot()
    }

    /// MCSE of the standard deviation (ArviZ's `_mcse_sd`): with `d = (x − x̄)²`,
    /// `Var[σ̂²] ≈ (mean(d²) − mean(d)²) / ESS_mean(d)` and `MCSE(σ̂) = √(Var[σ̂²] / (4 mean(d)))`.
    func mcseSD() -> Double {
        guard isValid(minChains: 1) else { return .nan }
        let mu = mean
        let d = mapped { ($0 - mu) * ($0 - mu) }
        let essD = d.split().effectiveSampleSize()
        let evar = d.mean
        let meanD2 = d.values.reduce(0) { $0 + $1 * $1 } / Double(count)
        let varvar = (meanD2 - evar * evar) / essD
        return (varvar / evar / 4).squareRoot()
    }
}

/// The Monte Carlo standard error of each scalar element of an array of draws, as ArviZ's `az.mcse`.
///
/// The error of the posterior mean (`sd / √ESS_mean`) or standard deviation, with the ESS of
/// Vehtari et al. (2021), "Rank-normalization, folding, and localization", *Bayesian Analysis* 16(2).
///
/// - Parameters:
///   - draws: shape `[chain, draw, …]` (a 1-d array is one chain).
///   - method: the error of the mean (default) or of the standard deviation.
/// - Returns: shape `[…]`; `nan` for an element with fewer than 4 draws or a `nan` draw.
/// - Throws: ``InferenceDataError/invalidArgument(_:)`` for a 0-d array.
public func mcse(_ draws: NDArray, method: MCSEMethod = .mean) throws -> NDArray {
    try elementwiseDiagnostic(draws, function: "mcse") { method == .mean ? $0.mcseMean() : $0.mcseSD() }
}

/// The MCSE of every variable of a group of draws: a dataset without `chain` and `draw`.
public func mcse(_ dataset: Dataset, varNames: [String]? = nil, method: MCSEMethod = .mean) throws -> Dataset {
    try dataset.reducingSampleDims(varNames: varNames, function: "mcse") { try mcse($0, method: method) }
}

/// The MCSE of the variables of one group of an ``InferenceData`` (the posterior by default).
public func mcse(_ idata: InferenceData, varNames: [String]? = nil, method: MCSEMethod = .mean,
                 group: InferenceData.Group = .posterior) throws -> Dataset {
    try mcse(idata[group], varNames: varNames, method: method)
}
