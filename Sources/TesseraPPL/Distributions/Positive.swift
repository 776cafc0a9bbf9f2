import Foundation
import Tessera
import TesseraLogProb

// Continuous distributions on the positive half-line (Pareto: above its lower bound m).
// Free variables of these families are sampled through the `log` transform by default
// (`sigma_log__`), which the density's support chooses.

/// The half-normal distribution |N(0, σ²)|: `HalfNormal("sigma", sigma: 1)`.
///
/// ```
/// p(x | σ) = √(2/π) / σ · exp(−x² / (2σ²)),   x ≥ 0
/// ```
/// Give the scale `sigma` or the precision `tau` (σ = τ^(−1/2)); neither means σ = 1.
public struct HalfNormalFamily: Sendable {
    /// Registers a half-normal random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(HalfNormalDistribution(), family: "HalfNormal", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [try Param.scale(sigma, precision: tau)]
        }
    }

    /// An unregistered half-normal random variable.
    public func dist(sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(HalfNormalDistribution(), family: "HalfNormal", name: nil, shape: shape) {
            [try Param.scale(sigma, precision: tau)]
        }
    }
}

/// The half-normal distribution (see ``HalfNormalFamily``).
public let HalfNormal = HalfNormalFamily()

/// The log-normal distribution exp(N(μ, σ²)): `LogNormal("x", mu: 0, sigma: 1)`.
///
/// ```
/// p(x | μ, σ) = exp(−(log x − μ)² / (2σ²)) / (x σ √(2π)),   x > 0
/// ```
/// Give `sigma` or the precision `tau` (σ = τ^(−1/2)); neither means σ = 1.
public struct LogNormalFamily: Sendable {
    /// Registers a log-normal random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(LogNormalDistribution(), family: "LogNormal", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [mu, try Param.scale(sigma, precision: tau)]
        }
    }

    /// An unregistered log-normal random variable.
    public func dist(mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil,
                     shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(LogNormalDistribution(), family: "LogNormal", name: nil, shape: shape) {
            [mu, try Param.scale(sigma, precision: tau)]
        }
    }
}

/// The log-normal distribution (see ``LogNormalFamily``).
public let LogNormal = LogNormalFamily()

/// The exponential distribution: `Exponential("x", lam: 2)` or `Exponential("x", scale: 0.5)`.
///
/// ```
/// p(x | λ) = λ exp(−λx),   x ≥ 0
/// ```
/// Give the rate `lam` or the scale `scale` = 1/λ (the mean), exactly one.
public struct ExponentialFamily: Sendable {
    /// Registers an exponential random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, lam: (any TensorLike)? = nil, scale: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(ExponentialDistribution(), family: "Exponential", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [try Self.rate(lam, scale)]
        }
    }

    /// An unregistered exponential random variable.
    public func dist(lam: (any TensorLike)? = nil, scale: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(ExponentialDistribution(), family: "Exponential", name: nil, shape: shape) {
            [try Self.rate(lam, scale)]
        }
    }

    /// λ from `lam`, or 1/`scale`.
    static func rate(_ lam: (any TensorLike)?, _ scale: (any TensorLike)?) throws -> any TensorLike {
        let (k, v) = try Param.exactlyOne([("lam", lam), ("scale", scale)])
        return k == 0 ? v : 1.0 / (try Param.float(v))
    }
}

/// The exponential distribution (see ``ExponentialFamily``).
public let Exponential = ExponentialFamily()

/// The gamma distribution with shape `alpha` and rate `beta`: `Gamma("x", alpha: 2, beta: 1)`,
/// or by mean and standard deviation: `Gamma("x", mu: 2, sigma: 1)`.
///
/// ```
/// p(x | α, β) = β^α x^(α − 1) exp(−βx) / Γ(α),   x > 0
/// α = μ² / σ²,   β = μ / σ²
/// ```
/// Give `alpha` and `beta`, or `mu` and `sigma`.
public struct GammaFamily: Sendable {
    /// Registers a gamma random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, alpha: (any TensorLike)? = nil, beta: (any TensorLike)? = nil,
        mu: (any TensorLike)? = nil, sigma: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(GammaDistribution(), family: "Gamma", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            try Self.params(alpha, beta, mu, sigma)
        }
    }

    /// An unregistered gamma random variable.
    public func dist(alpha: (any TensorLike)? = nil, beta: (any TensorLike)? = nil, mu: (any TensorLike)? = nil,
                     sigma: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(GammaDistribution(), family: "Gamma", name: nil, shape: shape) {
            try Self.params(alpha, beta, mu, sigma)
        }
    }

    /// (α, β) from (alpha, beta) or (mu, sigma) (PyMC's `Gamma.get_alpha_beta`).
    static func params(_ alpha: (any TensorLike)?, _ beta: (any TensorLike)?, _ mu: (any TensorLike)?,
                       _ sigma: (any TensorLike)?) throws -> [any TensorLike] {
        switch (alpha, beta, mu, sigma) {
        case let (a?, b?, nil, nil):
            return [a, b]
        case let (nil, nil, m?, s?):
            let m = try Param.float(m), s = try Param.float(s)
            let v = s * s
            return [m * m / v, m / v]
        default:
            throw ParametrizationError(description:
                "give alpha and beta, or mu and sigma (given: \(Param.given([("alpha", alpha), ("beta", beta), ("mu", mu), ("sigma", sigma)])))")
        }
    }
}

/// The gamma distribution (see ``GammaFamily``).
public let Gamma = GammaFamily()

/// The inverse-gamma distribution with shape `alpha` and scale `beta`: `InverseGamma("x", alpha: 3, beta: 1)`,
/// or by mean and standard deviation: `InverseGamma("x", mu: 1, sigma: 0.5)`.
///
/// ```
/// p(x | α, β) = β^α x^(−α − 1) exp(−β/x) / Γ(α),   x > 0
/// α = 2 + μ²/σ²,   β = μ (1 + μ²/σ²)
/// ```
/// Give `alpha` (and `beta`, default 1), or `mu` and `sigma`.
public struct InverseGammaFamily: Sendable {
    /// Registers an inverse-gamma random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, alpha: (any TensorLike)? = nil, beta: (any TensorLike)? = nil,
        mu: (any TensorLike)? = nil, sigma: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(InverseGammaDistribution(), family: "InverseGamma", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            try Self.params(alpha, beta, mu, sigma)
        }
    }

    /// An unregistered inverse-gamma random variable.
    public func dist(alpha: (any TensorLike)? = nil, beta: (any TensorLike)? = nil, mu: (any TensorLike)? = nil,
                     sigma: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(InverseGammaDistribution(), family: "InverseGamma", name: nil, shape: shape) {
            try Self.params(alpha, beta, mu, sigma)
        }
    }

    /// (α, β) from (alpha, beta = 1) or (mu, sigma) (PyMC's `InverseGamma._get_alpha_beta`).
    static func params(_ alpha: (any TensorLike)?, _ beta: (any TensorLike)?, _ mu: (any TensorLike)?,
                       _ sigma: (any TensorLike)?) throws -> [any TensorLike] {
        switch (alpha, beta, mu, sigma) {
        case let (a?, b, nil, nil):
            return [a, b ?? 1.0]
        case let (nil, nil, m?, s?):
            let m = try Param.float(m), s = try Param.float(s)
            let r = m * m / (s * s)
            return [2.0 + r, m * (1.0 + r)]
        default:
            throw ParametrizationError(description:
                "give alpha (and beta), or mu and sigma (given: \(Param.given([("alpha", alpha), ("beta", beta), ("mu", mu), ("sigma", sigma)])))")
        }
    }
}

/// The inverse-gamma distribution (see ``InverseGammaFamily``).
public let InverseGamma = InverseGammaFamily()

/// The half Student's t distribution: `HalfStudentT("sigma", nu: 3, sigma: 1)`.
///
/// ```
/// p(x | ν, σ) = 2 Γ((ν + 1)/2) / (Γ(ν/2) σ √(νπ)) · (1 + (x/σ)² / ν)^(−(ν + 1)/2),   x ≥ 0
/// ```
/// Give the scale `sigma` or the precision `lam` (σ = λ^(−1/2)); neither means σ = 1. `nu` defaults to 1.
public struct HalfStudentTFamily: Sendable {
    /// Registers a half Student's t random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, nu: any TensorLike = 1.0, sigma: (any TensorLike)? = nil, lam: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(HalfStudentTDistribution(), family: "HalfStudentT", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [nu, try Param.scale(sigma, precision: lam, precisionName: "lam")]
        }
    }

    /// An unregistered half Student's t random variable.
    public func dist(nu: any TensorLike = 1.0, sigma: (any TensorLike)? = nil, lam: (any TensorLike)? = nil,
                     shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(HalfStudentTDistribution(), family: "HalfStudentT", name: nil, shape: shape) {
            [nu, try Param.scale(sigma, precision: lam, precisionName: "lam")]
        }
    }
}

/// The half Student's t distribution (see ``HalfStudentTFamily``).
public let HalfStudentT = HalfStudentTFamily()

/// The half-Cauchy distribution with scale `beta`: `HalfCauchy("tau", beta: 5)`.
///
/// ```
/// p(x | β) = 2 / (πβ (1 + (x/β)²)),   x ≥ 0
/// ```
public struct HalfCauchyFamily: Sendable {
    /// Registers a half-Cauchy random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, beta: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(HalfCauchyDistribution(), [beta], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered half-Cauchy random variable.
    public func dist(beta: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(HalfCauchyDistribution(), [beta], name: nil, shape: shape)
    }
}

/// The half-Cauchy distribution (see ``HalfCauchyFamily``).
public let HalfCauchy = HalfCauchyFamily()

/// The Weibull distribution with shape `alpha` and scale `beta`: `Weibull("x", alpha: 1.5, beta: 2)`.
///
/// ```
/// p(x | α, β) = (α/β) (x/β)^(α − 1) exp(−(x/β)^α),   x ≥ 0
/// ```
public struct WeibullFamily: Sendable {
    /// Registers a Weibull random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, alpha: any TensorLike, beta: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(WeibullDistribution(), [alpha, beta], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered Weibull random variable.
    public func dist(alpha: any TensorLike, beta: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(WeibullDistribution(), [alpha, beta], name: nil, shape: shape)
    }
}

/// The Weibull distribution (see ``WeibullFamily``).
public let Weibull = WeibullFamily()

/// The Pareto distribution with shape `alpha` and lower bound `m`: `Pareto("x", alpha: 3, m: 1)`.
///
/// ```
/// p(x | α, m) = α m^α / x^(α + 1),   x ≥ m
/// ```
public struct ParetoFamily: Sendable {
    /// Registers a Pareto random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, alpha: any TensorLike, m: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(ParetoDistribution(), [alpha, m], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered Pareto random variable.
    public func dist(alpha: any TensorLike, m: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(ParetoDistribution(), [alpha, m], name: nil, shape: shape)
    }
}

/// The Pareto distribution (see ``ParetoFamily``).
public let Pareto = ParetoFamily()

/// The chi-squared distribution with `nu` degrees of freedom: `ChiSquared("x", nu: 3)`.
///
/// ```
/// p(x | ν) = x^(ν/2 − 1) exp(−x/2) / (2^(ν/2) Γ(ν/2)),   x > 0   (Gamma(ν/2, 1/2))
/// ```
public struct ChiSquaredFamily: Sendable {
    /// Registers a chi-squared random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, nu: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(ChiSquaredDistribution(), [nu], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered chi-squared random variable.
    public func dist(nu: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(ChiSquaredDistribution(), [nu], name: nil, shape: shape)
    }
}

/// The chi-squared distribution (see ``ChiSquaredFamily``).
public let ChiSquared = ChiSquaredFamily()

/// The improper flat prior on the positive half-line: `HalfFlat("sigma")`.
///
/// ```
/// log p(x) = 0 for x ≥ 0,   −∞ below
/// ```
/// It has no sampler: drawing it (prior predictive sampling) is a thrown error.
public struct HalfFlatFamily: Sendable {
    /// Registers a half-flat random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(HalfFlatDistribution(), [], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered half-flat random variable.
    public func dist(shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(HalfFlatDistribution(), [], name: nil, shape: shape)
    }
}

/// The improper half-flat distribution (see ``HalfFlatFamily``).
public let HalfFlat = HalfFlatFamily()
