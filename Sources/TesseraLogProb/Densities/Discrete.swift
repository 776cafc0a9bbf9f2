import Foundation
import Tessera

// Discrete distributions on the integers: Bernoulli, binomial, Poisson, negative binomial,
// geometric, categorical, discrete uniform and beta-binomial. Values that are not whole numbers,
// or outside the support, have log-probability −∞. The CDFs of the binomial, Poisson and negative
// binomial need the regularised incomplete functions: see IncompleteCDFs.swift.

// MARK: - Bernoulli

extension BernoulliDistribution: DensityDistribution {
    /// `log p` at 1, `log(1 − p)` at 0. Given log-odds (`p = σ(η)`, as `logitP:` builds it),
    /// `−softplus((1 − 2k)·η)`: no logarithm of a rounded probability, exact where `p` rounds to 0 or 1,
    /// and no branch on the data, so over many observations it is one vectorised loop.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let p = params[0]
        let inside = logicalOr(value .== 0.0, value .== 1.0)
        let k = safe(value, inside, 0.0)
        if let node = p.owner, let e = node.op as? Elemwise, e.scalarOp is Sigmoid {
            let eta = node.inputs[0]
            return restricted(-softplus((1.0 - 2.0 * k) * eta), to: inside)
        }
        return check(restricted(xlogy(k, p) + xlog1py(1.0 - k, -p), to: inside), p)
    }

    /// `−∞` below 0, `log(1 − p)` on [0, 1), `0` from 1 on.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let p = params[0]
        return check(`where`(value .< 0.0, minusInfinity(), `where`(value .< 1.0, log1p(-p), 0.0)), p)
    }

    /// `0` below 0, `log p` on [0, 1), `−∞` from 1 on.
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let p = params[0]
        return check(`where`(value .< 0.0, 0.0, `where`(value .< 1.0, log(p), minusInfinity())), p)
    }

    /// The smallest `k` with `P(X ≤ k) ≥ q`: 0 up to `q = 1 − p`, then 1; `−1` at `q = 0` (SciPy's convention).
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let p = params[0]
        let k = `where`(q .== 0.0, -1.0, `where`(q .<= 1.0 - p, 0.0, 1.0))
        return check(quantile(k, at: q), p)
    }

    public func support(_ params: [Variable]) -> Support { .integers }

    private func check(_ lp: Variable, _ p: Variable) -> Variable {
        checkParameters(lp, [isProbability(p)], message: "bernoulli: 0 <= p <= 1")
    }
}

// MARK: - Binomial

extension BinomialDistribution: DensityDistribution {
    /// `log(C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ)` for whole `0 ≤ k ≤ n`, by Loader's saddle-point form
    /// (`binomialLogPMF`), exact for any `n`. Given log-odds (`p = σ(η)`, as `logitP:` builds it), Stan's
    /// `binomial_logit` form `log C(n, k) − k·softplus(−η) − (n − k)·softplus(η)`, with
    /// `log C(n, k) = −log(n + 1) − log B(n − k + 1, k + 1)`: `1 − p` is never formed, so it stays
    /// exact where `p` rounds towards 1 (already from `η ≈ 20`), as Bernoulli's.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (n, p) = (params[0], params[1])
        let inside = logicalAnd(logicalAnd(value .>= 0.0, value .<= n), isWhole(value))
        let k = safe(value, inside, 0.0)
        if let node = p.owner, let e = node.op as? Elemwise, e.scalarOp is Sigmoid {
            let eta = node.inputs[0]
            // Exactly 0 at k = 0 and k = n, where the whole log-probability may be tiny.
            let logChoose = `where`(logicalOr(k .== 0.0, k .== n), 0.0, -log1p(n) - betaln(n - k + 1.0, k + 1.0))
            let lp = logChoose - k * softplus(-eta) - (n - k) * softplus(eta)
            return checkBinomial(restricted(lp, to: inside), n, p)
        }
        let lp = binomialLogPMF(k, n, safeProbability(p))
        return checkBinomial(restricted(lp, to: inside), n, p)
    }

    public func support(_ params: [Variable]) -> Support { .integers }
}

/// The checks of the binomial: `n` a whole number ≥ 0, `p` a probability.
func checkBinomial(_ lp: Variable, _ n: Variable, _ p: Variable) -> Variable {
    checked(lp, [(logicalAnd(n .>= 0.0, isWhole(n)), "binomial: n >= 0"), (isProbability(p), "binomial: 0 <= p <= 1")])
}

// MARK: - Poisson

extension PoissonDistribution: DensityDistribution {
    /// `k log mu − mu − log k!` for whole `k ≥ 0`, by Loader's saddle-point form
    /// (`poissonLogPMF`), exact for any mean; at `mu = 0` all the mass is at 0.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let mu = params[0]
        let inside = logicalAnd(value .>= 0.0, isWhole(value))
        let lp = poissonLogPMF(safe(value, inside, 0.0), safe(mu, mu .>= 0.0, 1.0))
        return checkParameters(restricted(lp, to: inside), [mu .>= 0.0], message: "poisson: mu >= 0")
    }

    public func support(_ params: [Variable]) -> Support { .integers }
}

// MARK: - Negative binomial

extension NegativeBinomialDistribution: DensityDistribution {
    /// `log(Γ(k + n)/(Γ(n) k!) pⁿ (1 − p)ᵏ)` for whole `k ≥ 0` (failures before the `n`-th
    /// success), by the binomial saddle-point form (`negativeBinomialLogPMF`).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (n, p) = (params[0], params[1])
        let inside = logicalAnd(value .>= 0.0, isWhole(value))
        let ok = logicalAnd(n .> 0.0, logicalAnd(p .> 0.0, p .<= 1.0))
        let lp = negativeBinomialLogPMF(safe(value, inside, 0.0), safe(n, ok, 1.0), safe(p, ok, 0.5))
        return checkNegativeBinomial(restricted(lp, to: inside), n, p)
    }

    public func support(_ params: [Variable]) -> Support { .integers }
}

/// The checks of the negative binomial: `n > 0`, `0 < p ≤ 1`.
func checkNegativeBinomial(_ lp: Variable, _ n: Variable, _ p: Variable) -> Variable {
    checked(lp, [(n .> 0.0, "nbinom: n > 0"), (logicalAnd(p .> 0.0, p .<= 1.0), "nbinom: 0 < p <= 1")])
}

// MARK: - Geometric

extension GeometricDistribution: DensityDistribution {
    /// `log p + (k − 1) log(1 − p)` for whole `k ≥ 1`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let p = params[0]
        let inside = logicalAnd(value .>= 1.0, isWhole(value))
        let k = safe(value, inside, 1.0)
        return check(restricted(log(p) + xlog1py(k - 1.0, -p), to: inside), p)
    }

    /// `log(1 − (1 − p)^⌊k⌋)` (`log1mexp`).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let p = params[0]
        let inside = value .>= 1.0
        let k = floor(safe(value, inside, 1.0))
        return check(restricted(log1mexp(xlog1py(k, -p)), to: inside), p)
    }

    /// `⌊k⌋ log(1 − p)` (`0` below 1).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let p = params[0]
        let inside = value .>= 1.0
        let k = floor(safe(value, inside, 1.0))
        return check(`where`(inside, xlog1py(k, -p), 0.0), p)
    }

    /// The smallest `k` with `P(X ≤ k) ≥ q`: `⌈log(1 − q)/log(1 − p)⌉`, moved down by one where
    /// rounding put it one too high (as SciPy); `0` at `q = 0` (SciPy's convention), and 1 for
    /// every `q > 0` when `p = 1`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let p = params[0]
        let r = safeProbability(q)
        let certain = p .== 1.0
        let l = log1p(-safe(p, logicalNot(certain), 0.5))
        let k = `where`(certain, 1.0, maximum(ceil(log1p(-r) / l), 1.0))
        let below = -expm1(xlog1py(k - 1.0, -p))   // P(X ≤ k − 1)
        let x = `where`(r .== 0.0, 0.0, `where`(logicalAnd(below .>= r, k .> 1.0), k - 1.0, k))
        return check(quantile(x, at: q), p)
    }

    public func support(_ params: [Variable]) -> Support { .integers }

    private func check(_ lp: Variable, _ p: Variable) -> Variable {
        checkParameters(lp, [logicalAnd(p .> 0.0, p .<= 1.0)], message: "geometric: 0 < p <= 1")
    }
}

// MARK: - Categorical

extension CategoricalDistribution: DensityDistribution {
    /// `log p[k] − log Σ p` for `k` in `0 ..< K` (`p` along the last axis, normalised).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let p = params[0]
        let oneHot = cast(expandDims(value, axis: -1) .== lastAxisRange(p), to: .float64)
        let lp = log(sum(oneHot * p, axis: -1)) - log(sum(p, axis: -1))
        return checked(lp, [(all(p .>= 0.0, axis: -1), "categorical: p >= 0"),
                            (sum(p, axis: -1) .> 0.0, "categorical: sum(p) > 0")])
    }

    public func support(_ params: [Variable]) -> Support { .integers }
}

// MARK: - Discrete uniform

extension DiscreteUniformDistribution: DensityDistribution {
    /// `−log(upper − lower + 1)` on the whole numbers `lower … upper`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (lower, upper) = (params[0], params[1])
        let inside = logicalAnd(logicalAnd(value .>= lower, value .<= upper), isWhole(value))
        return check(restricted(-log(upper - lower + 1.0), to: inside), lower, upper)
    }

    /// `log((⌊k⌋ − lower + 1)/(upper − lower + 1))`, `−∞` below `lower`, `0` from `upper` on.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (lower, upper) = (params[0], params[1])
        let k = floor(clip(value, lower - 1.0, upper))
        return check(log(k - lower + 1.0) - log(upper - lower + 1.0), lower, upper)
    }

    /// `log((upper − ⌊k⌋)/(upper − lower + 1))`.
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (lower, upper) = (params[0], params[1])
        let k = floor(clip(value, lower - 1.0, upper))
        return check(log(upper - k) - log(upper - lower + 1.0), lower, upper)
    }

    /// `lower − 1 + ⌈q (upper − lower + 1)⌉` (`lower − 1` at `q = 0`, SciPy's convention).
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (lower, upper) = (params[0], params[1])
        let x = lower - 1.0 + ceil(safeProbability(q) * (upper - lower + 1.0))
        return check(quantile(x, at: q), lower, upper)
    }

    public func support(_ params: [Variable]) -> Support { .integers }

    private func check(_ lp: Variable, _ lower: Variable, _ upper: Variable) -> Variable {
        checkParameters(lp, [lower .<= upper], message: "discrete_uniform: lower <= upper")
    }
}

// MARK: - Beta-binomial

extension BetaBinomialDistribution: DensityDistribution {
    /// `log C(n, k) + log B(k + alpha, n − k + beta) − log B(alpha, beta)` for whole `0 ≤ k ≤ n`,
    /// with `log C(n, k) = −log(n + 1) − log B(n − k + 1, k + 1)`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (n, alpha, beta) = (params[0], params[1], params[2])
        let inside = logicalAnd(logicalAnd(value .>= 0.0, value .<= n), isWhole(value))
        let k = safe(value, inside, 0.0)
        let lchoose = -log1p(n) - betaln(n - k + 1.0, k + 1.0)
        let lp = lchoose + betaln(k + alpha, n - k + beta) - betaln(alpha, beta)
        return checked(restricted(lp, to: inside), [(logicalAnd(n .>= 0.0, isWhole(n)), "betabinom: n >= 0"),
                                                    (alpha .> 0.0, "betabinom: alpha > 0"),
                                                    (beta .> 0.0, "betabinom: beta > 0")])
    }

    public func support(_ params: [Variable]) -> Support { .integers }
}
