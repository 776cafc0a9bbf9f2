import Foundation
import Tessera

// The gamma family (gamma, inverse gamma, chi-squared) and the beta. Their CDFs need the
// regularised incomplete gamma and beta functions: see IncompleteCDFs.swift.

// MARK: - Gamma

extension GammaDistribution: DensityDistribution {
    /// `alpha log beta − log Γ(alpha) + (alpha − 1) log x − beta x` for `x ≥ 0` (shape–rate).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let inside = value .>= 0.0
        let x = safe(value, inside, 1.0)
        let lp = alpha * log(beta) - gammaln(alpha) + xlogy(alpha - 1.0, x) - beta * x
        return checkGamma(restricted(lp, to: inside), alpha, beta, "gamma")
    }

    public func support(_ params: [Variable]) -> Support { .positive }
}

/// The shape and rate (or scale) checks of the gamma family.
func checkGamma(_ lp: Variable, _ alpha: Variable, _ beta: Variable, _ name: String) -> Variable {
    checked(lp, [(alpha .> 0.0, "\(name): alpha > 0"), (beta .> 0.0, "\(name): beta > 0")])
}

// MARK: - Inverse gamma

extension InverseGammaDistribution: DensityDistribution {
    /// `alpha log beta − log Γ(alpha) − (alpha + 1) log x − beta/x` for `x > 0` (shape–scale).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let inside = value .> 0.0
        let x = safe(value, inside, 1.0)
        let lp = alpha * log(beta) - gammaln(alpha) - (alpha + 1.0) * log(x) - beta / x
        return checkGamma(restricted(lp, to: inside), alpha, beta, "invgamma")
    }

    public func support(_ params: [Variable]) -> Support { .positive }
}

// MARK: - Chi-squared

extension ChiSquaredDistribution: DensityDistribution {
    /// `−(nu/2) log 2 − log Γ(nu/2) + (nu/2 − 1) log x − x/2` for `x ≥ 0`.
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let nu = params[0]
        let inside = value .>= 0.0
        let x = safe(value, inside, 1.0)
        let k = 0.5 * nu
        let lp = -k * Foundation.log(2.0) - gammaln(k) + xlogy(k - 1.0, x) - 0.5 * x
        return checkParameters(restricted(lp, to: inside), [nu .> 0.0], message: "chisquare: nu > 0")
    }

    public func support(_ params: [Variable]) -> Support { .positive }
}

// MARK: - Beta

extension BetaDistribution: DensityDistribution {
    /// `(alpha − 1) log x + (beta − 1) log(1 − x) − log B(alpha, beta)` on `[0, 1]`
    /// (the boundary terms with a unit exponent are 0, as SciPy's `xlogy`).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        let (alpha, beta) = (params[0], params[1])
        let inside = logicalAnd(value .>= 0.0, value .<= 1.0)
        let x = safe(value, inside, 0.5)
        let lp = xlogy(alpha - 1.0, x) + xlog1py(beta - 1.0, -x) - betaln(alpha, beta)
        return checked(restricted(lp, to: inside), [(alpha .> 0.0, "beta: alpha > 0"), (beta .> 0.0, "beta: beta > 0")])
    }

    public func support(_ params: [Variable]) -> Support { .unitInterval }
}
