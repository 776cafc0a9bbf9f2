import Foundation

// Log probabilities of counts by Loader's saddle-point method (the samplers' `SaddlePoint`):
// accurate to a few ulps of the result where the textbook `k log μ − μ − log k!` cancels away
// every digit (μ = 10¹⁰ leaves about five). TesseraLogProb's Poisson, binomial and negative
// binomial densities are built on them.

/// `log P(K = k)` for `K ~ Poisson(mu)`, elementwise (see ``poissonLogPMF(_:_:)``).
/// Gradient: `gz · (k/mu − 1)` to `mu`; none to the count.
public struct PoissonLogPMF: BinaryScalarOp {
    public var name: String { "PoissonLogPMF" }
    public func cExpression(_ x: [String]) -> String? { "tess_poisson_logpmf(\(x[0]), \(x[1]))" }
    public var dtypeRule: DTypeRule { .float }
    public func evaluate(_ k: Double, _ mu: Double) -> Double {
        if k.isNaN || mu.isNaN || mu < 0 { return .nan }
        if k < 0 || k == .infinity || mu == .infinity { return -.infinity }
        if mu == 0 { return k == 0 ? 0 : -.infinity }
        return SaddlePoint.logPoisson(k, mu)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [nil, gz * (x[0] / x[1] - 1.0)]
    }
}

/// `log P(K = k)` for `K ~ Binomial(n, p)`, elementwise (see ``binomialLogPMF(_:_:_:)``).
/// Gradient: `gz · (k/p − (n − k)/(1 − p))` to `p`; none to the counts.
public struct BinomialLogPMF: TernaryScalarOp {
    public var name: String { "BinomialLogPMF" }
    public func cExpression(_ x: [String]) -> String? { "tess_binomial_logpmf(\(x[0]), \(x[1]), \(x[2]))" }
    public var dtypeRule: DTypeRule { .float }
    public func evaluate(_ k: Double, _ n: Double, _ p: Double) -> Double {
        if k.isNaN || n.isNaN || p.isNaN || !(p >= 0 && p <= 1) || n < 0 { return .nan }
        if k < 0 || k > n { return -.infinity }
        if k == 0 { return n == 0 ? 0 : n * Foundation.log1p(-p) }
        if k == n { return n * Foundation.log(p) }
        if p == 0 || p == 1 { return -.infinity }
        return SaddlePoint.logBinomial(k, n, p, 1 - p)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let (k, n, p) = (x[0], x[1], x[2])
        return [nil, nil, gz * (k / p - (n - k) / (1.0 - p))]
    }
}

/// `log P(K = k)` for `K ~ NegativeBinomial(n, p)` (failures before the `n`-th success),
/// elementwise (see ``negativeBinomialLogPMF(_:_:_:)``).
/// Gradient: `gz · (ψ(k + n) − ψ(n) + log p)` to `n`, `gz · (n/p − k/(1 − p))` to `p`; none to `k`.
public struct NegativeBinomialLogPMF: TernaryScalarOp {
    public var name: String { "NegativeBinomialLogPMF" }
    public func cExpression(_ x: [String]) -> String? { "tess_nbinom_logpmf(\(x[0]), \(x[1]), \(x[2]))" }
    public var dtypeRule: DTypeRule { .float }
    public func evaluate(_ k: Double, _ n: Double, _ p: Double) -> Double {
        if k.isNaN || n.isNaN || p.isNaN || !(p >= 0 && p <= 1) || !(n > 0) { return .nan }
        if k < 0 || k == .infinity { return -.infinity }
        if k == 0 { return n * Foundation.log(p) }
        if p == 1 { return -.infinity }
        if p == 0 { return -.infinity }
        if n == .infinity { return -.infinity }
        // P(K = k) = n/(n + k) · P(Binomial(n + k, p) = n) (as R's dnbinom).
        return Foundation.log(n / (n + k)) + SaddlePoint.logBinomial(n, n + k, p, 1 - p)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let (k, n, p) = (x[0], x[1], x[2])
        return [nil, gz * (digamma(k + n) - digamma(n) + log(p)), gz * (n / p - k / (1.0 - p))]
    }
}

/// The Poisson log-probability `log(μᵏ e^{−μ}/k!)` of whole numbers `k ≥ 0`, elementwise, by
/// Loader's saddle-point form (Loader, "Fast and accurate computation of binomial probabilities",
/// 2000): `−δ(k) − ½ log(2πk) − (k log(k/μ) + μ − k)` with Stirling's error `δ` and the deviance
/// term computed without cancellation, so it keeps full precision for any mean.
///
/// `−∞` for `k < 0`; at `mu = 0`, `0` for `k = 0` and `−∞` otherwise; `nan` for `mu < 0`.
/// Non-integer `k` get the continuous extension (callers check integrality).
public func poissonLogPMF(_ k: Variable, _ mu: Variable) -> Variable { elemwise(PoissonLogPMF(), k, mu) }

/// The binomial log-probability `log(C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ)`, elementwise, by Loader's
/// saddle-point form (Loader 2000): exact to a few ulps for any `n`, where `lchoose(n, k) +
/// k log p + (n − k) log(1 − p)` cancels. `−∞` outside `0 … n`; `nan` for `p ∉ [0, 1]` or `n < 0`.
public func binomialLogPMF(_ k: Variable, _ n: Variable, _ p: Variable) -> Variable {
    elemwise(BinomialLogPMF(), k, n, p)
}

/// The negative binomial log-probability `log(Γ(k + n)/(Γ(n) k!) pⁿ (1 − p)ᵏ)` (failures before
/// the `n`-th success, `n > 0` real), elementwise: `log(n/(n + k))` plus the binomial saddle-point
/// form at `(n; n + k, p)` (as R's `dnbinom`). `−∞` for `k < 0`; `nan` for `n ≤ 0` or `p ∉ [0, 1]`.
public func negativeBinomialLogPMF(_ k: Variable, _ n: Variable, _ p: Variable) -> Variable {
    elemwise(NegativeBinomialLogPMF(), k, n, p)
}
