import Foundation
import Tessera

/// How ``rhat(_:method:)`` measures between- and within-chain disagreement (ArviZ's `method`).
public enum RHatMethod: String, Sendable, Hashable, CaseIterable {
    /// The default: the larger of the bulk R̂ (split, rank-normalised draws) and the tail R̂
    /// (split, folded, rank-normalised draws), as Vehtari et al. (2021) recommend.
    case rank
    /// The split R̂ of Gelman et al., *Bayesian Data Analysis*, 3rd ed., §11.4.
    case split
    /// The split R̂ of folded, rank-normalised draws (the tail R̂ alone).
    case folded
    /// The split R̂ of rank-normalised draws (the bulk R̂ alone).
    case zScale = "z_scale"
    /// The classic R̂ of Gelman & Rubin (1992) on unsplit chains.
    case identity
}

extension ChainMatrix {
    /// The potential scale reduction of this matrix as it stands (no splitting or normalisation):
    /// `R̂ = √((B/W + N − 1)/N)` with `B = N var(chain means)`, `W = mean of chain variances`
    /// (both with ddof 1), `N` draws per chain — Gelman et al., *Bayesian Data Analysis*, 3rd ed., §11.4.
    func potentialScaleReduction() -> Double {
        if values.contains(where: \.isNaN) { return .nan }
        let n = Double(draws)
        let between = n * variance(chainMeans, ddof: 1)
        let within = (0..<chains).map { variance(row($0), ddof: 1) }.reduce(0, +) / Double(chains)
        return ((between / within + n - 1) / n).squareRoot()
    }

    /// R̂ by one method; `nan` with fewer than 2 chains or 4 draws, or any `nan` draw (ArviZ).
    func rhat(method: RHatMethod) -> Double {
        guard isValid(minChains: 2) else { return .nan }
        switch method {
        case .rank:
            let s = split()
            let bulk = s.zScaled().potentialScaleReduction()
            let tail = s.folded().zScaled().potentialScaleReduction()
            return tail > bulk ? tail : bulk  // Python's max(bulk, tail): bulk unless tail is larger
        case .split: return split().potentialScaleReduction()
        case .folded: return split().folded().zScaled().potentialScaleReduction()
        case .zScale: return split().zScaled().potentialScaleReduction()
        case .identity: return potentialScaleReduction()
        }
    }
}

/// The rank-normalised split R̂ of each scalar element of an array of draws, as ArviZ's `az.rhat`.
///
/// By default (``RHatMethod/rank``) this is the larger of the bulk and tail R̂ of Vehtari, Gelman,
/// Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding, and localization: an improved
/// R̂ for assessing convergence of MCMC", *Bayesian Analysis* 16(2), 667–718. Values above
/// 1.01 suggest the chains have not mixed.
///
/// ```swift
/// let r = try rhat(idata.posterior["mu"]!)   // 0-d NDArray, e.g. 1.0007
/// ```
/// - Parameters:
///   - draws: shape `[chain, draw, …]` (a 1-d array is one chain).
///   - method: which R̂; ``RHatMethod/rank`` as ArviZ's default.
/// - Returns: shape `[…]`, the trailing dims of `draws`; `nan` for an element with fewer than 2 chains,
///   fewer than 4 draws, or a `nan` draw.
/// - Throws: ``InferenceDataError/invalidArgument(_:)`` for a 0-d array.
/// - Complexity: O(S log S) per element for S draws.
public func rhat(_ draws: NDArray, method: RHatMethod = .rank) throws -> NDArray {
    try elementwiseDiagnostic(draws, function: "rhat") { $0.rhat(method: method) }
}

/// R̂ of every variable of a group of draws (dims `chain`, `draw`, …): a dataset without
/// `chain` and `draw`, keeping the other dims and coords.
/// - Throws: ``InferenceDataError`` for an unknown name or a variable without sample dims.
public func rhat(_ dataset: Dataset, varNames: [String]? = nil, method: RHatMethod = .rank) throws -> Dataset {
    try dataset.reducingSampleDims(varNames: varNames, function: "rhat") { try rhat($0, method: method) }
}

/// R̂ of the variables of one group of an ``InferenceData`` (the posterior by default).
public func rhat(_ idata: InferenceData, varNames: [String]? = nil, method: RHatMethod = .rank,
                 group: InferenceData.Group = .posterior) throws -> Dataset {
    try rhat(idata[group], varNames: varNames, method: method)
}
