import Foundation
import Tessera

// Continuous distributions on the positive half-line (and the Pareto's [m, ∞)): half-normal,
// log-normal, exponential, half Student's t, half-Cauchy, Weibull and Pareto. The gamma family
// and the beta are in GammaFamily.swift.

// MARK: - Half-normal

extension HalfNormalDistribution: DensityDistribution {
    /// `½ log(2/π) − log sigma − x²/(2 sigma²)` for `x ≥ 0`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let sigma = params[0]
        let z = value / sigma
        let lp = 0.5 * Foundation.log(2 / Double.pi) - log(sigma) - 0.5 * z * z
        return check(restricted(lp, to: value .>= 0.0), sigma)
    }

    /// `log erf(t)`, `t = x/(sigma√2)`, as `log1p(−erfc(t))` from `t = 1` on (where `erf` nears 1).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let sigma = params[0]
        let t = value / (sigma * 2.0.squareRoot())
        let small = t .< 1.0
        let lp = `where`(small, log(erf(safe(t, small, 0.5))), log1p(-erfc(safe(t, logicalNot(small), 2.0))))
        return check(restricted(lp, to: value .>= 0.0), sigma)
    }

    /// `log erfc(t)`: `log1p(−erf(t))` below `t = ½` (exact near 0), `log 2 + log Φ(−x/sigma)`
    /// above (exact in the upper tail); `0` below 0.
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let sigma = params[0]
        let t = maximum(value, 0.0) / (sigma * 2.0.squareRoot())
        let small = t .< 0.5
        let lp = `where`(small, log1p(-erf(safe(t, small, 0.0))),
                         Foundation.log(2.0) + normalLogCDF(-2.0.squareRoot() * safe(t, logicalNot(small), 1.0)))
        return check(lp, sigma)
    }

    /// `sigma √2 erfinv(q)`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let sigma = params[0]
        return check(quantile(sigma * 2.0.squareRoot() * erfinv(safeProbability(q)), at: q), sigma)
    }

    public func support(_ params: [Variable]) -> Support { .positive }

    private func check(_ lp: Variable, _ sigma: Variable) -> Variable {
        checkParameters(lp, [sigma .> 0.0], message: "halfnormal: sigma > 0")
    }
}

// MARK: - Log-normal

extension LogNormalDistribution: DensityDistribution {
    /// `−log x − log sigma − ½ log 2π − (log x − mu)²/(2 sigma²)` for `x > 0`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (mu, sigma) = (params[0], params[1])
        let positive = value .> 0.0
        let logx = log(safe(value, positive, 1.0))
        let z = (logx - mu) / sigma
        let lp = -logx - log(sigma) - 0.5 * log2Pi - 0.5 * z * z
        return check(restricted(lp, to: positive), sigma)
    }

    /// `log Φ((log x − mu)/sigma)` (stable in both tails; `−∞` at and below 0).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (mu, sigma) = (params[0], params[1])
        let positive = value .> 0.0
        let z = (log(safe(value, positive, 1.0)) - mu) / sigma
        return check(restricted(normalLogCDF(z), to: positive), sigma)
    }

    /// `log Φ(−(log x − mu)/sigma)` (`0` at and below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (mu, sigma) = (params[0], params[1])
        let positive = value .> 0.0
        let z = (log(safe(value, positive, 1.0)) - mu) / sigma
        return check(`where`(positive, normalLogCDF(-z), 0.0), sigma)
    }

    /// `exp(mu + sigma √2 erfinv(2q − 1))`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (mu, sigma) = (params[0], params[1])
        let x = exp(mu + sigma * 2.0.squareRoot() * erfinv(2.0 * safeProbability(q) - 1.0))
        return check(quantile(x, at: q), sigma)
    }

    public func support(_ params: [Variable]) -> Support { .positive }

    private func check(_ lp: Variable, _ sigma: Variable) -> Variable {
        checkParameters(lp, [sigma .> 0.0], message: "lognormal: sigma > 0")
    }
}

// MARK: - Exponential

extension ExponentialDistribution: DensityDistribution {
    /// `log lam − lam x` for `x ≥ 0`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let lam = params[0]
        return check(restricted(log(lam) - lam * value, to: value .>= 0.0), lam)
    }

    /// `log(1 − e^{−lam x})` (`log1mexp`, exact near 0 and in the upper tail).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let lam = params[0]
        let positive = value .> 0.0
        let lp = log1mexp(-lam * safe(value, positive, 1.0))
        return check(restricted(lp, to: positive), lam)
    }

    /// `−lam x` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let lam = params[0]
        return check(-lam * maximum(value, 0.0), lam)
    }

    /// `−log(1 − q)/lam`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let lam = params[0]
        return check(quantile(-log1p(-safeProbability(q)) / lam, at: q), lam)
    }

    public func support(_ params: [Variable]) -> Support { .positive }

    private func check(_ lp: Variable, _ lam: Variable) -> Variable {
        checkParameters(lp, [lam .> 0.0], message: "exponential: lam > 0")
    }
}

// MARK: - Half Student's t

extension HalfStudentTDistribution: DensityDistribution {
    /// `log 2` plus the Student's t log-density with location 0, for `x ≥ 0`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (nu, sigma) = (params[0], params[1])
        let lp = Foundation.log(2.0) + studentTStandardLogPDF(value / sigma, nu) - log(sigma)
        return checked(restricted(lp, to: value .>= 0.0),
                       [(nu .> 0.0, "halfstudentt: nu > 0"), (sigma .> 0.0, "halfstudentt: sigma > 0")])
    }

    public func support(_ params: [Variable]) -> Support { .positive }
}

// MARK: - Half-Cauchy

extension HalfCauchyDistribution: DensityDistribution {
    /// `log(2/π) − log beta − log(1 + (x/beta)²)` for `x ≥ 0`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let beta = params[0]
        let lp = Foundation.log(2 / Double.pi) - log(beta) - log1pSquare(value / beta)
        return check(restricted(lp, to: value .>= 0.0), beta)
    }

    /// `log((2/π) arctan z)`, as `log1p(−(2/π) arctan(1/z))` above `z = 1`.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let beta = params[0]
        let z = value / beta
        let high = z .> 1.0
        let lp = `where`(high, log1p(-(2 / Double.pi) * arctan(1.0 / safe(z, high, 2.0))),
                         log((2 / Double.pi) * arctan(safe(z, logicalNot(high), 0.5))))
        return check(restricted(lp, to: value .>= 0.0), beta)
    }

    /// `log((2/π) arctan(1/z))` above `z = 1`, `log1p(−(2/π) arctan z)` below (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let beta = params[0]
        let z = maximum(value, 0.0) / beta
        let high = z .> 1.0
        let lp = `where`(high, log((2 / Double.pi) * arctan(1.0 / safe(z, high, 2.0))),
                         log1p(-(2 / Double.pi) * arctan(safe(z, logicalNot(high), 0.5))))
        return check(lp, beta)
    }

    /// `beta tan(πq/2)`, as `beta/tan(π(1 − q)/2)` above `q = ½` (exact near 1; `∞` at 1).
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let beta = params[0]
        let p = safeProbability(q)
        let x = `where`(p .< 0.5, beta * tan(0.5 * Double.pi * p), beta / tan(0.5 * Double.pi * (1.0 - p)))
        return check(quantile(x, at: q), beta)
    }

    public func support(_ params: [Variable]) -> Support { .positive }

    private func check(_ lp: Variable, _ beta: Variable) -> Variable {
        checkParameters(lp, [beta .> 0.0], message: "halfcauchy: beta > 0")
    }
}

// MARK: - Weibull

extension WeibullDistribution: DensityDistribution {
    /// `log(alpha/beta) + (alpha − 1) log z − z^alpha`, `z = x/beta`, for `x ≥ 0`
    /// (at `x = 0`: `log(1/beta)` when `alpha = 1`, as SciPy's `xlogy`).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let inside = value .>= 0.0
        let z = safe(value, inside, 1.0) / beta
        let lp = log(alpha) - log(beta) + xlogy(alpha - 1.0, z) - pow(z, alpha)
        return check(restricted(lp, to: inside), alpha, beta)
    }

    /// `log(1 − e^{−u})`, `u = z^alpha`; where `u < e⁻³⁰` (and may underflow) `log u − u/2`, from
    /// `log u = alpha log z` (the next term, `u²/24`, is below the last bit).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let logu = alpha * log(safe(value, positive, 1.0) / beta)
        let tiny = logu .< -30.0
        let u = exp(logu)
        let lp = `where`(tiny, logu - 0.5 * u, log1mexp(-safe(u, logicalNot(tiny), 1.0)))
        return check(restricted(lp, to: positive), alpha, beta)
    }

    /// `−z^alpha` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let lp = -pow(safe(value, positive, 1.0) / beta, alpha)
        return check(`where`(positive, lp, 0.0), alpha, beta)
    }

    /// `beta (−log(1 − q))^{1/alpha}`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let x = beta * pow(-log1p(-safeProbability(q)), 1.0 / alpha)
        return check(quantile(x, at: q), alpha, beta)
    }

    public func support(_ params: [Variable]) -> Support { .positive }

    private func check(_ lp: Variable, _ alpha: Variable, _ beta: Variable) -> Variable {
        checked(lp, [(alpha .> 0.0, "weibull: alpha > 0"), (beta .> 0.0, "weibull: beta > 0")])
    }
}

// MARK: - Pareto

extension ParetoDistribution: DensityDistribution {
    /// `log alpha + alpha log m − (alpha + 1) log x` for `x ≥ m`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, m) = (params[0], params[1])
        let inside = value .>= m
        let x = safe(value, inside, 1.0)
        let lp = log(alpha) + alpha * log(m) - (alpha + 1.0) * log(x)
        return check(restricted(lp, to: inside), alpha, m)
    }

    /// `log(1 − (m/x)^alpha)` (`log1mexp`).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, m) = (params[0], params[1])
        let above = value .> m
        let x = safe(value, above, 2.0 * m)
        let lp = log1mexp(alpha * (log(m) - log(x)))
        return check(restricted(lp, to: above), alpha, m)
    }

    /// `alpha log(m/x)` (`0` below m).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, m) = (params[0], params[1])
        let above = value .> m
        let x = safe(value, above, 2.0 * m)
        return check(`where`(above, alpha * (log(m) - log(x)), 0.0), alpha, m)
    }

    /// `m (1 − q)^{−1/alpha}`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, m) = (params[0], params[1])
        let x = m * exp(-log1p(-safeProbability(q)) / alpha)
        return check(quantile(x, at: q), alpha, m)
    }

    public func support(_ params: [Variable]) -> Support { .lowerBounded(params[1]) }

    private func check(_ lp: Variable, _ alpha: Variable, _ m: Variable) -> Variable {
        checked(lp, [(alpha .> 0.0, "pareto: alpha > 0"), (m .> 0.0, "pareto: m > 0")])
    }
}
