import Foundation
import Tessera

// The log-densities the models of the anchors and posteriordb need most. Each is the standard
// formula (SciPy's parametrisation noted), in log space, -inf outside the support, parameters checked.

private let halfLog2Pi = 0.5 * Foundation.log(2 * Double.pi)
private let minusInfinity = constant(NDArray(-Double.infinity))

/// `where(x in support, lp, -inf)`
func inSupport(_ lp: Variable, _ condition: Variable) -> Variable { `where`(condition, lp, minusInfinity) }

extension HalfNormalDistribution: DensityDistribution {
    /// `½ log(2/π) − log σ − x²/(2σ²)` for x ≥ 0 (scipy.stats.halfnorm(scale=σ))
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let sigma = params[0]
        let lp = 0.5 * Foundation.log(2 / Double.pi) - log(sigma) - 0.5 * square(value / sigma)
        return checkParameters(inSupport(lp, value .>= 0.0), [sigma .> 0.0], message: "halfnormal: sigma > 0")
    }
    /// `log erf(z)`, `z = x / (σ√2)`; `log1p(−erfc(z))` for z ≥ 1, accurate when the result is near 0
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let sigma = params[0]
        let z = maximum(value, 0.0) / (sigma * 2.0.squareRoot())
        let lp = `where`(z .< 1.0, log(erf(minimum(z, 1.0))), log1p(-erfc(maximum(z, 1.0))))
        return checkParameters(inSupport(lp, value .>= 0.0), [sigma .> 0.0], message: "halfnormal: sigma > 0")
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}

extension HalfCauchyDistribution: DensityDistribution {
    /// `log(2/π) − log β − log(1 + (x/β)²)` for x ≥ 0 (scipy.stats.halfcauchy(scale=β))
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let beta = params[0]
        let lp = Foundation.log(2 / Double.pi) - log(beta) - log1p(square(value / beta))
        return checkParameters(inSupport(lp, value .>= 0.0), [beta .> 0.0], message: "halfcauchy: beta > 0")
    }
    /// `log(2/π · arctan(x/β))`
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let beta = params[0]
        let lp = Foundation.log(2 / Double.pi) + log(arctan(maximum(value, 0.0) / beta))
        return checkParameters(inSupport(lp, value .>= 0.0), [beta .> 0.0], message: "halfcauchy: beta > 0")
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}

extension CauchyDistribution: DensityDistribution {
    /// `−log π − log β − log(1 + ((x − α)/β)²)` (scipy.stats.cauchy(loc=α, scale=β))
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let lp = -Foundation.log(Double.pi) - log(beta) - log1p(square((value - alpha) / beta))
        return checkParameters(lp, [beta .> 0.0], message: "cauchy: beta > 0")
    }
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        return checkParameters(log(0.5 + arctan((value - alpha) / beta) / Double.pi), [beta .> 0.0], message: "cauchy: beta > 0")
    }
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        params[0] + params[1] * tan(Double.pi * (q - 0.5))
    }
}

extension ExponentialDistribution: DensityDistribution {
    /// `log λ − λx` for x ≥ 0 (scipy.stats.expon(scale=1/λ))
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let lam = params[0]
        return checkParameters(inSupport(log(lam) - lam * value, value .>= 0.0), [lam .> 0.0], message: "exponential: lam > 0")
    }
    /// `log(1 − e^(−λx)) = log1mexp(−λx)`
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let lam = params[0]
        let lp = log1mexp(-lam * maximum(value, 0.0))
        return checkParameters(inSupport(lp, value .>= 0.0), [lam .> 0.0], message: "exponential: lam > 0")
    }
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let lam = params[0]
        return `where`(value .< 0.0, 0.0, -lam * value)
    }
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? { -log1p(-q) / params[0] }
    public func support(_ params: [Variable]) -> Support { .positive }
}

extension LogNormalDistribution: DensityDistribution {
    /// `−log x − log σ − ½log 2π − (log x − μ)²/(2σ²)` for x > 0 (scipy.stats.lognorm(s=σ, scale=e^μ))
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (mu, sigma) = (params[0], params[1])
        let safe = maximum(value, constant(NDArray(Double.leastNormalMagnitude)))
        let lp = -log(safe) - log(sigma) - halfLog2Pi - 0.5 * square((log(safe) - mu) / sigma)
        return checkParameters(inSupport(lp, value .> 0.0), [sigma .> 0.0], message: "lognormal: sigma > 0")
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}

extension GammaDistribution: DensityDistribution {
    /// `α log β − lnΓ(α) + (α − 1) log x − βx` for x > 0 (scipy.stats.gamma(a=α, scale=1/β))
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let safe = maximum(value, constant(NDArray(Double.leastNormalMagnitude)))
        let lp = alpha * log(beta) - gammaln(alpha) + (alpha - 1.0) * log(safe) - beta * value
        return checkParameters(inSupport(lp, value .> 0.0), [alpha .> 0.0, beta .> 0.0], message: "gamma: alpha > 0, beta > 0")
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}

extension InverseGammaDistribution: DensityDistribution {
    /// `α log β − lnΓ(α) − (α + 1) log x − β/x` for x > 0 (scipy.stats.invgamma(a=α, scale=β))
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let safe = maximum(value, constant(NDArray(Double.leastNormalMagnitude)))
        let lp = alpha * log(beta) - gammaln(alpha) - (alpha + 1.0) * log(safe) - beta / safe
        return checkParameters(inSupport(lp, value .> 0.0), [alpha .> 0.0, beta .> 0.0], message: "invgamma: alpha > 0, beta > 0")
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}

extension BetaDistribution: DensityDistribution {
    /// `(α − 1) log x + (β − 1) log(1 − x) − ln B(α, β)` on [0, 1] (scipy.stats.beta)
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let lp = (alpha - 1.0) * log(value) + (beta - 1.0) * log1p(-value) - betaln(alpha, beta)
        let inside = logicalAnd(value .>= 0.0, value .<= 1.0)
        return checkParameters(inSupport(lp, inside), [alpha .> 0.0, beta .> 0.0], message: "beta: alpha > 0, beta > 0")
    }
    public func support(_ params: [Variable]) -> Support { .unitInterval }
}

extension StudentTDistribution: DensityDistribution {
    /// `lnΓ((ν+1)/2) − lnΓ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log(1 + z²/ν)` (scipy.stats.t)
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (nu, mu, sigma) = (params[0], params[1], params[2])
        let z = (value - mu) / sigma
        let lp = gammaln((nu + 1.0) / 2.0) - gammaln(nu / 2.0) - 0.5 * log(nu * Double.pi) - log(sigma)
            - (nu + 1.0) / 2.0 * log1p(square(z) / nu)
        return checkParameters(lp, [nu .> 0.0, sigma .> 0.0], message: "studentt: nu > 0, sigma > 0")
    }
}

extension HalfStudentTDistribution: DensityDistribution {
    /// Twice the Student-t density with location 0, for x ≥ 0
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (nu, sigma) = (params[0], params[1])
        let z = value / sigma
        let lp = Foundation.log(2.0) + gammaln((nu + 1.0) / 2.0) - gammaln(nu / 2.0) - 0.5 * log(nu * Double.pi) - log(sigma)
            - (nu + 1.0) / 2.0 * log1p(square(z) / nu)
        return checkParameters(inSupport(lp, value .>= 0.0), [nu .> 0.0, sigma .> 0.0], message: "halfstudentt: nu > 0, sigma > 0")
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}

extension UniformDistribution: DensityDistribution {
    /// `−log(upper − lower)` on [lower, upper]
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (lo, hi) = (params[0], params[1])
        let inside = logicalAnd(value .>= lo, value .<= hi)
        return checkParameters(inSupport(-log(hi - lo), inside), [hi .> lo], message: "uniform: upper > lower")
    }
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (lo, hi) = (params[0], params[1])
        return log(clip((value - lo) / (hi - lo), 0.0, 1.0))
    }
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? { params[0] + (params[1] - params[0]) * q }
    public func support(_ params: [Variable]) -> Support { .interval(lower: params[0], upper: params[1]) }
}

extension BernoulliDistribution: DensityDistribution {
    /// `x log p + (1 − x) log(1 − p)` for x ∈ {0, 1}
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let p = params[0]
        let lp = `where`(value .== 1.0, log(p), log1p(-p))
        let inside = logicalOr(value .== 0.0, value .== 1.0)
        return checkParameters(inSupport(lp, inside), [p .>= 0.0, p .<= 1.0], message: "bernoulli: 0 <= p <= 1")
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}

extension BinomialDistribution: DensityDistribution {
    /// `ln C(n, x) + x log p + (n − x) log(1 − p)` for x ∈ {0 … n}
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (n, p) = (params[0], params[1])
        let lp = gammaln(n + 1.0) - gammaln(value + 1.0) - gammaln(n - value + 1.0)
            + `where`(value .== 0.0, 0.0, value * log(p)) + `where`(value .== n, 0.0, (n - value) * log1p(-p))
        let inside = logicalAnd(value .>= 0.0, value .<= n)
        return checkParameters(inSupport(lp, inside), [p .>= 0.0, p .<= 1.0, n .>= 0.0], message: "binomial: n >= 0, 0 <= p <= 1")
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}

extension PoissonDistribution: DensityDistribution {
    /// `x log μ − μ − lnΓ(x + 1)` for x ∈ {0, 1, …}
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let mu = params[0]
        let lp = `where`(value .== 0.0, 0.0, value * log(mu)) - mu - gammaln(value + 1.0)
        return checkParameters(inSupport(lp, value .>= 0.0), [mu .>= 0.0], message: "poisson: mu >= 0")
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}

extension CategoricalDistribution: DensityDistribution {
    /// `log p[x]` (p normalised along its last axis)
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let p = params[0]
        let logp = log(p) - log(sum(p, axis: -1, keepdims: true))
        let k = p.staticShape.last ?? nil
        guard let k else {
            return .carrying(.invalidArgument("categorical: the number of categories must be known statically"))
        }
        var lp = constant(NDArray(-Double.infinity)) + 0.0 * cast(value, to: .float64)
        for j in 0..<k { lp = `where`(value .== Variable(integerLiteral: j), logp[.ellipsis, j], lp) }
        return lp
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}
