import Foundation
import Tessera
import TesseraLogProb

// Continuous distributions on the whole real line (or the circle, or an interval).
// Each family registers a named variable in the current model with `Family("name", …)` and
// makes an unregistered one with `Family.dist(…)`; parameters are numbers, arrays, `NDArray`s
// or tensors. Positive ones are in Positive.swift, Beta in UnitInterval.swift.

/// The normal distribution: `Normal("x", mu: 0, sigma: 1)` in a model, `Normal.dist(mu:, sigma:)` anywhere.
///
/// ```
/// p(x | μ, σ) = exp(−(x − μ)² / (2σ²)) / (σ √(2π))
/// ```
/// Give the standard deviation `sigma` or the precision `tau` (σ = τ^(−1/2)); neither means σ = 1.
public struct NormalFamily: Sendable {
    /// Registers a normal random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(NormalDistribution(), family: "Normal", name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval) {
            [mu, try Param.scale(sigma, precision: tau)]
        }
    }

    /// An unregistered normal random variable.
    public func dist(mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil,
                     shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(NormalDistribution(), family: "Normal", name: nil, shape: shape) {
            [mu, try Param.scale(sigma, precision: tau)]
        }
    }
}

/// The normal distribution (see ``NormalFamily``).
public let Normal = NormalFamily()

/// Student's t distribution: `StudentT("x", nu: 3, mu: 0, sigma: 1)`.
///
/// ```
/// p(x | ν, μ, σ) = Γ((ν + 1)/2) / (Γ(ν/2) σ √(νπ)) · (1 + ((x − μ)/σ)² / ν)^(−(ν + 1)/2)
/// ```
/// Give the scale `sigma` or the precision `lam` (σ = λ^(−1/2)); neither means σ = 1.
public struct StudentTFamily: Sendable {
    /// Registers a Student's t random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, nu: any TensorLike, mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil,
        lam: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(StudentTDistribution(), family: "StudentT", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [nu, mu, try Param.scale(sigma, precision: lam, precisionName: "lam")]
        }
    }

    /// An unregistered Student's t random variable.
    public func dist(nu: any TensorLike, mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil,
                     lam: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(StudentTDistribution(), family: "StudentT", name: nil, shape: shape) {
            [nu, mu, try Param.scale(sigma, precision: lam, precisionName: "lam")]
        }
    }
}

/// Student's t distribution (see ``StudentTFamily``).
public let StudentT = StudentTFamily()

/// The Cauchy distribution with location `alpha` and scale `beta`: `Cauchy("x", alpha: 0, beta: 1)`.
///
/// ```
/// p(x | α, β) = 1 / (πβ (1 + ((x − α)/β)²))
/// ```
public struct CauchyFamily: Sendable {
    /// Registers a Cauchy random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, alpha: any TensorLike, beta: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(CauchyDistribution(), [alpha, beta], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered Cauchy random variable.
    public func dist(alpha: any TensorLike, beta: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(CauchyDistribution(), [alpha, beta], name: nil, shape: shape)
    }
}

/// The Cauchy distribution (see ``CauchyFamily``).
public let Cauchy = CauchyFamily()

/// The Laplace (double exponential) distribution with location `mu` and scale `b`: `Laplace("x", mu: 0, b: 1)`.
///
/// ```
/// p(x | μ, b) = exp(−|x − μ| / b) / (2b)
/// ```
public struct LaplaceFamily: Sendable {
    /// Registers a Laplace random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike, b: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(LaplaceDistribution(), [mu, b], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered Laplace random variable.
    public func dist(mu: any TensorLike, b: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(LaplaceDistribution(), [mu, b], name: nil, shape: shape)
    }
}

/// The Laplace distribution (see ``LaplaceFamily``).
public let Laplace = LaplaceFamily()

/// The logistic distribution with location `mu` and scale `s`: `Logistic("x", mu: 0, s: 1)`.
///
/// ```
/// p(x | μ, s) = exp(−(x − μ)/s) / (s (1 + exp(−(x − μ)/s))²)
/// ```
public struct LogisticFamily: Sendable {
    /// Registers a logistic random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike = 0.0, s: any TensorLike = 1.0,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(LogisticDistribution(), [mu, s], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered logistic random variable.
    public func dist(mu: any TensorLike = 0.0, s: any TensorLike = 1.0, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(LogisticDistribution(), [mu, s], name: nil, shape: shape)
    }
}

/// The logistic distribution (see ``LogisticFamily``).
public let Logistic = LogisticFamily()

/// The von Mises distribution on the circle: `VonMises("theta", mu: 0, kappa: 1)`; sampled
/// through the `circular` transform.
///
/// ```
/// p(x | μ, κ) = exp(κ cos(x − μ)) / (2π I₀(κ)),   x ∈ [−π, π]
/// ```
public struct VonMisesFamily: Sendable {
    /// Registers a von Mises random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike = 0.0, kappa: any TensorLike = 1.0,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(VonMisesDistribution(), [mu, kappa], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered von Mises random variable.
    public func dist(mu: any TensorLike = 0.0, kappa: any TensorLike = 1.0, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(VonMisesDistribution(), [mu, kappa], name: nil, shape: shape)
    }
}

/// The von Mises distribution (see ``VonMisesFamily``).
public let VonMises = VonMisesFamily()

/// The continuous uniform distribution on [lower, upper]: `Uniform("x", lower: 0, upper: 1)`;
/// sampled through the `interval` transform.
///
/// ```
/// p(x | a, b) = 1 / (b − a),   a ≤ x ≤ b
/// ```
public struct UniformFamily: Sendable {
    /// Registers a uniform random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, lower: any TensorLike = 0.0, upper: any TensorLike = 1.0,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(UniformDistribution(), [lower, upper], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered uniform random variable.
    public func dist(lower: any TensorLike = 0.0, upper: any TensorLike = 1.0, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(UniformDistribution(), [lower, upper], name: nil, shape: shape)
    }
}

/// The continuous uniform distribution (see ``UniformFamily``).
public let Uniform = UniformFamily()

/// The improper flat prior on the real line: `Flat("x")`; log-density 0 everywhere.
///
/// ```
/// log p(x) = 0
/// ```
/// It has no sampler: drawing it (prior predictive sampling) is a thrown error.
public struct FlatFamily: Sendable {
    /// Registers a flat random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(FlatDistribution(), [], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered flat random variable.
    public func dist(shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(FlatDistribution(), [], name: nil, shape: shape)
    }
}

/// The improper flat distribution (see ``FlatFamily``).
public let Flat = FlatFamily()
