import Foundation
import Tessera

/// The highest-density interval of a set of draws: ArviZ's shortest-interval algorithm.
///
/// With the `n` draws sorted, the interval holds `k = ⌊p·n⌋ + 1` consecutive draws; among the
/// `n − ⌊p·n⌋` candidates `[x₍ᵢ₎, x₍ᵢ₊⌊p·n⌋₎]` the narrowest wins (the first on ties) — Chen &
/// Shao (1999), "Monte Carlo estimation of Bayesian credible and HPD intervals", *J. Comput.
/// Graph. Stat.* 8(1).
///
/// - Returns: `(lower, higher)`, both `nan` when a draw is `nan`; `nil` when there are too few draws.
/// - Complexity: O(n log n).
func highestDensityInterval(_ draws: [Double], prob: Double) -> (lower: Double, higher: Double)? {
    let n = draws.count
    let inc = Int((prob * Double(n)).rounded(.down))
    let candidates = n - inc
    guard candidates > 0 else { return nil }
    if draws.contains(where: \.isNaN) { return (.nan, .nan) }
    let s = draws.sorted()
    var best = 0
    var bestWidth = s[inc] - s[0]
    for i in 1..<candidates where s[i + inc] - s[i] < bestWidth {
        bestWidth = s[i + inc] - s[i]
        best = i
    }
    return (s[best], s[best + inc])
}

/// The highest-density interval (HDI) of each scalar element of an array of draws, pooling all
/// chains, as ArviZ's `az.hdi` (unimodal, not circular).
///
/// ```swift
/// let interval = try hdi(idata.posterior["mu"]!)   // shape [2]: lower, higher
/// ```
/// - Parameters:
///   - draws: shape `[chain, draw, …]` (a 1-d array is one chain).
///   - hdiProb: the probability mass inside the interval, in (0, 1]; 0.94 as ArviZ's default.
/// - Returns: shape `[…, 2]`: the lower and higher bound of each element.
/// - Throws: ``InferenceDataError/invalidArgument(_:)`` for a 0-d array, `hdiProb` outside (0, 1],
///   or too few draws for an interval.
/// - Complexity: O(S log S) per element for S draws.
public func hdi(_ draws: NDArray, hdiProb: Double = 0.94) throws -> NDArray {
    guard hdiProb > 0 && hdiProb <= 1 else {
        throw InferenceDataError.invalidArgument("hdi: hdiProb is \(hdiProb), but must be in (0, 1]")
    }
    let (shape, matrices) = try chainMatrices(draws, function: "hdi")
    var out = [Double]()
    out.reserveCapacity(2 * matrices.count)
    for m in matrices {
        guard let (lo, hi) = highestDensityInterval(m.values, prob: hdiProb) else {
            throw InferenceDataError.invalidArgument(
                "hdi: \(m.count) draws are too few for an interval of probability \(hdiProb)")
        }
        out.append(lo)
        out.append(hi)
    }
    return try NDArray(shape: shape + [2], elements: out)
}

/// The HDI of every variable of a group of draws: a dataset without `chain` and `draw` and with a
/// last dim `hdi` labelled `lower`, `higher` (as ArviZ's).
public func hdi(_ dataset: Dataset, varNames: [String]? = nil, hdiProb: Double = 0.94) throws -> Dataset {
    try dataset.reducingSampleDims(varNames: varNames, function: "hdi", extraDim: ("hdi", .strings(["lower", "higher"]))) {
        try hdi($0, hdiProb: hdiProb)
    }
}

/// The HDI of the variables of one group of an ``InferenceData`` (the posterior by default).
public func hdi(_ idata: InferenceData, varNames: [String]? = nil, hdiProb: Double = 0.94,
                group: InferenceData.Group = .posterior) throws -> Dataset {
    try hdi(idata[group], varNames: varNames, hdiProb: hdiProb)
}
