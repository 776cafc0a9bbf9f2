import Foundation
import Tessera

// Continuous distributions on the real line and the circle (the normal is in Normal.swift):
// uniform, Student's t, Cauchy, Laplace, logistic and von Mises.

// MARK: - Uniform

extension UniformDistribution: DensityDistribution {
    /// `−log(upper − lower)` on `[lower, upper]`, `−∞` outside.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (lower, upper) = (params[0], params[1])
        let inside = logicalAnd(value .>= lower, value .<= upper)
        return check(restricted(-log(upper - lower), to: inside), params)
    }

    /// `log((x − lower)/(upper − lower))` clipped to the support: `−∞` below, `0` above.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (lower, upper) = (params[0], params[1])
        let x = clip(value, lower, upper)
        return check(log(x - lower) - log(upper - lower), params)
    }

    /// `log((upper − x)/(upper − lower))`, exact near the upper bound.
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (lower, upper) = (params[0], params[1])
        let x = clip(value, lower, upper)
        return check(log(upper - x) - log(upper - lower), params)
    }

    /// `lower + q (upper − lower)`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (lower, upper) = (params[0], params[1])
        return check(quantile(lower + q * (upper - lower), at: q), params)
    }

    public func support(_ params: [Variable]) -> Support { .interval(lower: params[0], upper: params[1]) }

    private func check(_ lp: Variable, _ params: [Variable]) -> Variable {
        checkParameters(lp, [params[0] .< params[1]], message: "uniform: lower < upper")
    }
}

// MARK: - Student's t

extension StudentTDistribution: DensityDistribution {
    /// `−log B(nu/2, 1/2) − ½ log nu − log sigma − (nu + 1)/2 · log(1 + z²/nu)`, `z = (x − mu)/sigma`.
    ///
    /// The normalising constant `log Γ((nu + 1)/2) − log Γ(nu/2) − ½ log π` is written as
    /// `−log B(nu/2, ½)`, which keeps its digits for large `nu` where the two log-gammas cancel.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (nu, mu, sigma) = (params[0], params[1], params[2])
        let z = (value - mu) / sigma
        let lp = studentTStandardLogPDF(z, nu) - log(sigma)
        return checked(lp, [(nu .> 0.0, "t: nu > 0"), (sigma .> 0.0, "t: sigma > 0")])
    }

    public func support(_ params: [Variable]) -> Support { .real }
}

/// The standard Student's t log-density with `nu` degrees of freedom at `t`.
func studentTStandardLogPDF(_ t: Variable, _ nu: Variable) -> Variable {
    -betaln(0.5 * nu, 0.5) - 0.5 * log(nu) - 0.5 * (nu + 1.0) * log1pSquare(t / sqrt(nu))
}

// MARK: - Cauchy

extension CauchyDistribution: DensityDistribution {
    /// `−log(π beta) − log(1 + z²)`, `z = (x − alpha)/beta`, without overflow for large `|z|`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let z = (value - alpha) / beta
        return check(-logPi - log(beta) - log1pSquare(z), beta)
    }

    /// `log(½ + arctan(z)/π)`, as `log(arctan(−1/z)/π)` below `z = −1` (no cancellation in the
    /// lower tail) and `log1p(−arctan(1/z)/π)` above `z = 1`.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        return check(cauchyStandardLogCDF((value - alpha) / beta), beta)
    }

    /// `log P(X > x)`, the log-CDF at `−z` (symmetry).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        return check(cauchyStandardLogCDF((alpha - value) / beta), beta)
    }

    /// `alpha + beta tan(π(q − ½))`, as `alpha − beta/tan(πq)` below `q = ½` and
    /// `alpha + beta/tan(π(1 − q))` above, so the tails keep their digits (and `q = 0, 1` give `∓∞`).
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let p = safeProbability(q)
        let low = p .< 0.5
        let x = `where`(low, alpha - beta / tan(Double.pi * p), alpha + beta / tan(Double.pi * (1.0 - p)))
        return check(quantile(x, at: q), beta)
    }

    public func support(_ params: [Variable]) -> Support { .real }

    private func check(_ lp: Variable, _ beta: Variable) -> Variable {
        checkParameters(lp, [beta .> 0.0], message: "cauchy: beta > 0")
    }
}

/// The standard Cauchy log-CDF, stable in both tails.
func cauchyStandardLogCDF(_ z: Variable) -> Variable {
    let low = z .< -1.0, high = z .> 1.0
    let zLow = safe(z, low, -2.0), zHigh = safe(z, high, 2.0)
    let zMid = safe(z, logicalNot(logicalOr(low, high)), 0.0)
    let lower = log(arctan(-1.0 / zLow) / Double.pi)
    let upper = log1p(-arctan(1.0 / zHigh) / Double.pi)
    let middle = log(0.5 + arctan(zMid) / Double.pi)
    return `where`(low, lower, `where`(high, upper, middle))
}

// MARK: - Laplace

extension LaplaceDistribution: DensityDistribution {
    /// `−log(2b) − |x − mu|/b`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (mu, b) = (params[0], params[1])
        return check(-log(2.0 * b) - abs(value - mu) / b, b)
    }

    /// `z − log 2` for `z = (x − mu)/b < 0`, `log1p(−e^{−z}/2)` above.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (mu, b) = (params[0], params[1])
        return check(laplaceStandardLogCDF((value - mu) / b), b)
    }

    /// The log-CDF at `−z` (symmetry).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (mu, b) = (params[0], params[1])
        return check(laplaceStandardLogCDF((mu - value) / b), b)
    }

    /// `mu + b log(2q)` below `q = ½`, `mu − b log(2 − 2q)` above.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (mu, b) = (params[0], params[1])
        let p = safeProbability(q)
        let low = p .< 0.5
        let x = `where`(low, mu + b * log(2.0 * safe(p, low, 0.25)),
                        mu - b * log(2.0 - 2.0 * safe(p, logicalNot(low), 0.75)))
        return check(quantile(x, at: q), b)
    }

    public func support(_ params: [Variable]) -> Support { .real }

    private func check(_ lp: Variable, _ b: Variable) -> Variable {
        checkParameters(lp, [b .> 0.0], message: "laplace: b > 0")
    }
}

/// The standard Laplace log-CDF.
func laplaceStandardLogCDF(_ z: Variable) -> Variable {
    let low = z .< 0.0
    let zHigh = safe(z, logicalNot(low), 0.0)
    return `where`(low, z - Foundation.log(2.0), log1p(-0.5 * exp(-zHigh)))
}

// MARK: - Logistic

extension LogisticDistribution: DensityDistribution {
    /// `−z − log s − 2 log(1 + e^{−z})`, `z = (x − mu)/s`, with the softplus taken stably.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (mu, s) = (params[0], params[1])
        let z = (value - mu) / s
        return check(-z - log(s) - 2.0 * log1pexp(-z), s)
    }

    /// `−log(1 + e^{−z})`.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (mu, s) = (params[0], params[1])
        return check(-log1pexp((mu - value) / s), s)
    }

    /// `−log(1 + e^{z})`.
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (mu, s) = (params[0], params[1])
        return check(-log1pexp((value - mu) / s), s)
    }

    /// `mu + s logit(q)`.
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? {
        let (mu, s) = (params[0], params[1])
        return check(quantile(mu + s * logit(safeProbability(q)), at: q), s)
    }

    public func support(_ params: [Variable]) -> Support { .real }

    private func check(_ lp: Variable, _ s: Variable) -> Variable {
        checkParameters(lp, [s .> 0.0], message: "logistic: s > 0")
    }
}

// MARK: - Von Mises

extension VonMisesDistribution: DensityDistribution {
    /// `kappa cos(x − mu) − log(2π I₀(kappa))` on `[−π, π]`, as
    /// `−2 kappa sin²((x − mu)/2) − log 2π − log i0e(kappa)`: large `kappa` does not overflow, and
    /// `cos(x − mu) − 1` does not cancel near the mode. `kappa = 0` is the uniform density on the circle.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (mu, kappa) = (params[0], params[1])
        let s = sin(0.5 * (value - mu))
        let lp = -2.0 * kappa * s * s - log2Pi - log(i0e(kappa))
        let inside = logicalAnd(value .>= -Double.pi, value .<= Double.pi)
        return checkParameters(restricted(lp, to: inside), [kappa .>= 0.0], message: "vonmises: kappa >= 0")
    }

    public func support(_ params: [Variable]) -> Support { .circular }
}
