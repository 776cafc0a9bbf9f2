import Foundation
import Tessera

// CDFs through the regularised incomplete gamma and beta functions (`logGammainc`,
// `logGammaincc`, `logBetainc`): gamma, inverse gamma, chi-squared, beta, Student's t and half-t,
// Poisson, binomial and negative binomial.
//
// Each log-CDF is computed with the function whose result is small there and the log-survival
// function with its complement (`log F = log1mexp(log S)` where `S < ½`), so both keep their
// digits in either tail; the argument handed to the incomplete function is the one that is not
// near 1 (`1 − x` would have lost its digits to rounding).

/// `log F` from the log-CDF `lcdf` and the log-survival function `lsf` of the same point: `lcdf`
/// where `F ≤ ½`, `log(1 − S)` where `S < ½`.
func logCDF(_ lcdf: Variable, complementOf lsf: Variable) -> Variable {
    let upper = lsf .< -Foundation.log(2.0)
    return `where`(upper, log1mexp(safe(lsf, upper, -1.0)), lcdf)
}

/// `log I_x(a, b)` from `log x`: below `log x = −600`, where `x` itself may underflow, the leading
/// term `x^a / (a B(a, b))` of the series (A&S 26.5.4; the next term is `O(x)` smaller).
func logBetaincOfLog(_ a: Variable, _ b: Variable, _ logx: Variable) -> Variable {
    let tiny = logx .< -600.0
    return `where`(tiny, a * logx - log(a) - betaln(a, b),
                   logBetainc(a, b, exp(safe(logx, logicalNot(tiny), -1.0))))
}

// MARK: - Gamma family

extension GammaDistribution {
    /// `log P(alpha, beta x)`, the regularised lower incomplete gamma function.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let (p, q) = gammaPair(alpha, beta * safe(value, positive, 1.0))
        return checkGamma(restricted(logCDF(p, complementOf: q), to: positive), alpha, beta, "gamma")
    }

    /// `log Q(alpha, beta x)`, the regularised upper incomplete gamma function (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let (p, q) = gammaPair(alpha, beta * safe(value, positive, 1.0))
        return checkGamma(`where`(positive, logCDF(q, complementOf: p), 0.0), alpha, beta, "gamma")
    }
}

/// `(log P(a, x), log Q(a, x))`.
func gammaPair(_ a: Variable, _ x: Variable) -> (Variable, Variable) {
    (logGammainc(a, x), logGammaincc(a, x))
}

extension InverseGammaDistribution {
    /// `log Q(alpha, beta/x)`.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let (p, q) = gammaPair(alpha, beta / safe(value, positive, 1.0))
        return checkGamma(restricted(logCDF(q, complementOf: p), to: positive), alpha, beta, "invgamma")
    }

    /// `log P(alpha, beta/x)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let positive = value .> 0.0
        let (p, q) = gammaPair(alpha, beta / safe(value, positive, 1.0))
        return checkGamma(`where`(positive, logCDF(p, complementOf: q), 0.0), alpha, beta, "invgamma")
    }
}

extension ChiSquaredDistribution {
    /// `log P(nu/2, x/2)`.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let nu = params[0]
        let positive = value .> 0.0
        let (p, q) = gammaPair(0.5 * nu, 0.5 * safe(value, positive, 1.0))
        return checkParameters(restricted(logCDF(p, complementOf: q), to: positive), [nu .> 0.0],
                               message: "chisquare: nu > 0")
    }

    /// `log Q(nu/2, x/2)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let nu = params[0]
        let positive = value .> 0.0
        let (p, q) = gammaPair(0.5 * nu, 0.5 * safe(value, positive, 1.0))
        return checkParameters(`where`(positive, logCDF(q, complementOf: p), 0.0), [nu .> 0.0],
                               message: "chisquare: nu > 0")
    }
}

// MARK: - Beta

extension BetaDistribution {
    /// `log I_x(alpha, beta)`, the regularised incomplete beta function (`−∞` below 0, `0` above 1).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let inside = logicalAnd(value .> 0.0, value .< 1.0)
        let (lower, upper) = betaPair(alpha, beta, safe(value, inside, 0.5))
        let lp = logCDF(lower, complementOf: upper)
        return checkBeta(`where`(value .>= 1.0, 0.0, restricted(lp, to: inside)), alpha, beta)
    }

    /// `log I_{1−x}(beta, alpha)` (`0` below 0, `−∞` above 1).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (alpha, beta) = (params[0], params[1])
        let inside = logicalAnd(value .> 0.0, value .< 1.0)
        let (lower, upper) = betaPair(alpha, beta, safe(value, inside, 0.5))
        let lp = logCDF(upper, complementOf: lower)
        return checkBeta(`where`(value .<= 0.0, 0.0, restricted(lp, to: inside)), alpha, beta)
    }

    private func checkBeta(_ lp: Variable, _ alpha: Variable, _ beta: Variable) -> Variable {
        checked(lp, [(alpha .> 0.0, "beta: alpha > 0"), (beta .> 0.0, "beta: beta > 0")])
    }
}

/// `(log I_x(a, b), log I_{1−x}(b, a))`: `1 − x` is exact from `x = ½` on and within an ulp of
/// itself below, so each keeps its digits where it is the small one.
func betaPair(_ a: Variable, _ b: Variable, _ x: Variable) -> (Variable, Variable) {
    (logBetainc(a, b, x), logBetainc(b, a, 1.0 - x))
}

// MARK: - Student's t

extension StudentTDistribution {
    /// The lower tail `½ I_{nu/(nu+t²)}(nu/2, ½)` below the centre, its complement above (A&S 26.7.1).
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

/// The two regions of Student's t CDF with `nu` degrees of freedom at `t` (A&S 26.7.1):
/// - `central` (`t² < nu`): `signed` = `sign(t) P(|T| ≤ |t|) = sign(t) I_y(½, nu/2)`, `y = t²/(nu + t²)`,
///   written as `s J(y)` with `s = t/√(nu + t²)` and `J(y) = I_y(½, nu/2)/√y` smooth at 0 (its series
///   `2/B(½, nu/2) · (1 + (1 − nu/2) y/3)` below `y = 10⁻¹⁰`, A&S 26.5.4), so the CDF is smooth
///   through `t = 0`, gradients included;
/// - outside: `logOutside` = `log P(|T| > |t|) = log I_x(nu/2, ½)`, `x = nu/(nu + t²)`, from `log x`
///   (no overflow of `t²`).
/// Each is evaluated at a harmless point in the other region.
func studentTRegions(_ t: Variable, _ nu: Variable) -> (central: Variable, signed: Variable, logOutside: Variable) {
    let root = sqrt(nu)
    let central = abs(t) .< root
    let tc = safe(t, central, 0.0)
    let s = tc / sqrt(nu + tc * tc)
    let y = s * s
    let small = y .< 1e-10
    let ys = safe(y, logicalNot(small), 0.25)
    let half = constant(NDArray(0.5))
    let jSeries = 2.0 * exp(-betaln(half, 0.5 * nu)) * (1.0 + (1.0 - 0.5 * nu) * y / 3.0)
    let jDirect = exp(logBetainc(half, 0.5 * nu, ys) - 0.5 * log(ys))
    let signed = s * `where`(small, jSeries, jDirect)
    let r = safe(abs(t) / root, logicalNot(central), 2.0)
    let logOutside = logBetaincOfLog(0.5 * nu, half, -log1pSquare(r))
    return (central, signed, logOutside)
}

/// The standard Student's t log-CDF: `log(½(1 + sign(t) I_y(½, nu/2)))` in the centre, half the
/// two-sided tail below it and its complement above.
func studentTStandardLogCDF(_ t: Variable, _ nu: Variable) -> Variable {
    let (central, signed, logOutside) = studentTRegions(t, nu)
    let tail = Foundation.log(0.5) + logOutside
    return `where`(central, Foundation.log(0.5) + log1p(signed), `where`(t .< 0.0, tail, log1mexp(tail)))
}

extension HalfStudentTDistribution {
    /// `log I_{t²/(nu+t²)}(½, nu/2)`, `t = x/sigma`, in the centre; `log(1 − I_{nu/(nu+t²)}(nu/2, ½))`
    /// outside (`−∞` at and below 0).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (nu, sigma) = (params[0], params[1])
        let positive = value .> 0.0
        let (central, signed, logOutside) = studentTRegions(safe(value, positive, 1.0) / sigma, nu)
        let lp = `where`(central, log(safe(signed, central, 0.5)), log1mexp(logOutside))
        return check(restricted(lp, to: positive), nu, sigma)
    }

    /// `log I_{nu/(nu+t²)}(nu/2, ½)` outside the centre, `log(1 − I_{t²/(nu+t²)}(½, nu/2))` in it
    /// (`0` at and below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (nu, sigma) = (params[0], params[1])
        let positive = value .> 0.0
        let (central, signed, logOutside) = studentTRegions(safe(value, positive, 1.0) / sigma, nu)
        let lp = `where`(central, log1p(-signed), logOutside)
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
        let (p, q) = gammaPair(floor(safe(value, inside, 0.0)) + 1.0, mu)
        return checkParameters(restricted(logCDF(q, complementOf: p), to: inside), [mu .>= 0.0],
                               message: "poisson: mu >= 0")
    }

    /// `log P(⌊k⌋ + 1, mu)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let mu = params[0]
        let inside = value .>= 0.0
        let (p, q) = gammaPair(floor(safe(value, inside, 0.0)) + 1.0, mu)
        return checkParameters(`where`(inside, logCDF(p, complementOf: q), 0.0), [mu .>= 0.0],
                               message: "poisson: mu >= 0")
    }
}

extension BinomialDistribution {
    /// `log I_{1−p}(n − ⌊k⌋, ⌊k⌋ + 1)` (`−∞` below 0, `0` from `n` on).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = logicalAnd(value .>= 0.0, value .< n)
        let k = floor(safe(value, inside, 0.0))
        let (upper, lower) = betaPair(k + 1.0, n - k, p)   // (log S, log F)
        let lp = logCDF(lower, complementOf: upper)
        return checkBinomial(`where`(value .>= n, 0.0, restricted(lp, to: inside)), n, p)
    }

    /// `log I_p(⌊k⌋ + 1, n − ⌊k⌋)` (`0` below 0, `−∞` from `n` on).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = logicalAnd(value .>= 0.0, value .< n)
        let k = floor(safe(value, inside, 0.0))
        let (upper, lower) = betaPair(k + 1.0, n - k, p)
        let lp = logCDF(upper, complementOf: lower)
        return checkBinomial(`where`(value .< 0.0, 0.0, restricted(lp, to: inside)), n, p)
    }
}

extension NegativeBinomialDistribution {
    /// `log I_p(n, ⌊k⌋ + 1)` (`−∞` below 0).
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = value .>= 0.0
        let (lower, upper) = betaPair(n, floor(safe(value, inside, 0.0)) + 1.0, p)
        return checkNegativeBinomial(restricted(logCDF(lower, complementOf: upper), to: inside), n, p)
    }

    /// `log I_{1−p}(⌊k⌋ + 1, n)` (`0` below 0).
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let (n, p) = (params[0], params[1])
        let inside = value .>= 0.0
        let (lower, upper) = betaPair(n, floor(safe(value, inside, 0.0)) + 1.0, p)
        return checkNegativeBinomial(`where`(inside, logCDF(upper, complementOf: lower), 0.0), n, p)
    }
}
