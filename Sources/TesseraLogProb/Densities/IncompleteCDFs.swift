import Foundation
import Tessera

// CDFs through the regularised incomplete gamma and beta functions (`gammainc`, `gammaincc`,
// `betainc` and their logs `logGammainc`, `logGammaincc`, `logBetainc`), which land on main from
// the `incomplete` branch. Until then this file is compiled out: define the condition
// TESSERA_INCOMPLETE_FUNCTIONS (or delete the `#if`) once they are there.
#if TESSERA_INCOMPLETE_FUNCTIONS

// MARK: - Gamma family

extension GammaDistribution {
    /// `log P(alpha, beta x)`, the regularised lower incomplete gamma function.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let lp = logGammainc(alpha, beta * safe(value, positive, 1.0))
        return checkGamma(restricted(lp, to: positive), alpha, beta, "gamma")
    }

    /// `log Q(alpha, beta x)`, the regularised upper incomplete gamma function (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let lp = logGammaincc(alpha, beta * safe(value, positive, 1.0))
        return checkGamma(`where`(positive, lp, 0.0), alpha, beta, "gamma")
    }
}

extension InverseGammaDistribution {
    /// `log Q(alpha, beta/x)`.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let lp = logGammaincc(alpha, beta / safe(value, positive, 1.0))
        return checkGamma(restricted(lp, to: positive), alpha, beta, "invgamma")
    }

    /// `log P(alpha, beta/x)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let lp = logGammainc(alpha, beta / safe(value, positive, 1.0))
        return checkGamma(`where`(positive, lp, 0.0), alpha, beta, "invgamma")
    }
}

extension ChiSquaredDistribution {
    /// `log P(nu/2, x/2)`.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let nu = params[0]
        let positive = value .> 0.0
        let lp = logGammainc(0.5 * nu, 0.5 * safe(value, positive, 1.0))
        return checkParameters(restricted(lp, to: positive), [nu .> 0.0], message: "chisquare: nu > 0")
    }

    /// `log Q(nu/2, x/2)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let nu = params[0]
        let positive = value .> 0.0
        let lp = logGammaincc(0.5 * nu, 0.5 * safe(value, positive, 1.0))
        return checkParameters(`where`(positive, lp, 0.0), [nu .> 0.0], message: "chisquare: nu > 0")
    }
}

// MARK: - Beta

extension BetaDistribution {
    /// `log I_x(alpha, beta)`, the regularised incomplete beta function (`−∞` below 0, `0` above 1).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let inside = logicalAnd(value .> 0.0, value .< 1.0)
        let lp = logBetainc(alpha, beta, safe(value, inside, 0.5))
        return checkBeta(`where`(value .>= 1.0, 0.0, restricted(lp, to: inside)), alpha, beta)
    }

    /// `log I_{1−x}(beta, alpha)` (`0` below 0, `−∞` above 1).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let inside = logicalAnd(value .> 0.0, value .< 1.0)
        let lp = logBetainc(beta, alpha, 1.0 - safe(value, inside, 0.5))
        return checkBeta(`where`(value .<= 0.0, 0.0, restricted(lp, to: inside)), alpha, beta)
    }

    private func checkBeta(_ lp: Variable, _ alpha: Variable, _ beta: Variable) -> Variable {
        checked(lp, [(alpha .> 0.0, "beta: alpha > 0"), (beta .> 0.0, "beta: beta > 0")])
    }
}

// MARK: - Student's t

extension StudentTDistribution {
    /// `log(½ I_{nu/(nu+t²)}(nu/2, ½))` below the centre, `log1p(−½ I_{nu/(nu+t²)}(nu/2, ½))` above.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (nu, mu, sigma) = (params[0], params[1], params[2])
        return check(studentTStandardLogCDF((value - mu) / sigma, nu), nu, sigma)
    }

    /// The log-CDF at `−t` (symmetry).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (nu, mu, sigma) = (params[0], params[1], params[2])
        return check(studentTStandardLogCDF((mu - value) / sigma, nu), nu, sigma)
    }

    private func check(_ lp: Variable, _ nu: Variable, _ sigma: Variable) -> Variable {
        checked(lp, [(nu .> 0.0, "t: nu > 0"), (sigma .> 0.0, "t: sigma > 0")])
    }
}

/// The standard Student's t log-CDF: the tail mass `½ I_{nu/(nu+t²)}(nu/2, ½)` (A&S 26.7.1).
func studentTStandardLogCDF(_ t: Variable, _ nu: Variable) -> Variable {
    let x = nu / (nu + t * t)
    let tail = Foundation.log(0.5) + logBetainc(0.5 * nu, 0.5, x)
    return `where`(t .< 0.0, tail, log1mexp(tail))
}

extension HalfStudentTDistribution {
    /// `log I_{t²/(nu+t²)}(½, nu/2)`, `t = x/sigma` (exact near 0).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (nu, sigma) = (params[0], params[1])
        let positive = value .> 0.0
        let t = safe(value, positive, 1.0) / sigma
        let lp = logBetainc(0.5, 0.5 * nu, t * t / (nu + t * t))
        return check(restricted(lp, to: positive), nu, sigma)
    }

    /// `log I_{nu/(nu+t²)}(nu/2, ½)` (exact in the upper tail; `0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (nu, sigma) = (params[0], params[1])
        let positive = value .> 0.0
        let t = safe(value, positive, 1.0) / sigma
        let lp = logBetainc(0.5 * nu, 0.5, nu / (nu + t * t))
        return check(`where`(positive, lp, 0.0), nu, sigma)
    }

    private func check(_ lp: Variable, _ nu: Variable, _ sigma: Variable) -> Variable {
        checked(lp, [(nu .> 0.0, "halfstudentt: nu > 0"), (sigma .> 0.0, "halfstudentt: sigma > 0")])
    }
}

// MARK: - Counts

extension PoissonDistribution {
    /// `log Q(⌊k⌋ + 1, mu)` (`−∞` below 0).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let mu = params[0]
        let inside = value .>= 0.0
        let k = floor(safe(value, inside, 0.0))
        let lp = logGammaincc(k + 1.0, mu)
        return checkParameters(restricted(lp, to: inside), [mu .>= 0.0], message: "poisson: mu >= 0")
    }

    /// `log P(⌊k⌋ + 1, mu)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let mu = params[0]
        let inside = value .>= 0.0
        let k = floor(safe(value, inside, 0.0))
        let lp = logGammainc(k + 1.0, mu)
        return checkParameters(`where`(inside, lp, 0.0), [mu .>= 0.0], message: "poisson: mu >= 0")
    }
}

extension BinomialDistribution {
    /// `log I_{1−p}(n − ⌊k⌋, ⌊k⌋ + 1)`, through the survival function where that is below ½
    /// (`−∞` below 0, `0` from `n` on).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = logicalAnd(value .>= 0.0, value .< n)
        let k = floor(safe(value, inside, 0.0))
        let direct = logBetainc(n - k, k + 1.0, 1.0 - p)
        let tail = logBetainc(k + 1.0, n - k, p)
        let lp = `where`(tail .< -Foundation.log(2.0), log1mexp(tail), direct)
        return checkBinomial(`where`(value .>= n, 0.0, restricted(lp, to: inside)), n, p)
    }

    /// `log I_p(⌊k⌋ + 1, n − ⌊k⌋)` (`0` below 0, `−∞` from `n` on).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = logicalAnd(value .>= 0.0, value .< n)
        let k = floor(safe(value, inside, 0.0))
        let lp = logBetainc(k + 1.0, n - k, p)
        return checkBinomial(`where`(value .< 0.0, 0.0, restricted(lp, to: inside)), n, p)
    }
}

extension NegativeBinomialDistribution {
    /// `log I_p(n, ⌊k⌋ + 1)` (`−∞` below 0).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = value .>= 0.0
        let k = floor(safe(value, inside, 0.0))
        return checkNegativeBinomial(restricted(logBetainc(n, k + 1.0, p), to: inside), n, p)
    }

    /// `log I_{1−p}(⌊k⌋ + 1, n)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = value .>= 0.0
        let k = floor(safe(value, inside, 0.0))
        return checkNegativeBinomial(`where`(inside, logBetainc(k + 1.0, n, 1.0 - p), 0.0), n, p)
    }
}

#endif
