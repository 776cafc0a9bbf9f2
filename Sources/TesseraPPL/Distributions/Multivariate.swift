import Foundation
import Tessera
import TesseraLogProb

// Multivariate distributions: one draw is a vector along the last axis. `shape:` and `dims:`
// name every axis, the support's included (`MvNormal("x", mu: m, cov: c, shape: [10, 3])` is ten
// 3-vectors), as PyMC's `shape`.

/// The multivariate normal distribution N(μ, Σ): `MvNormal("x", mu: [0, 0], cov: [[1, 0.5], [0.5, 1]])`.
///
/// ```
/// p(x | μ, Σ) = (2π)^(−k/2) |Σ|^(−1/2) exp(−(x − μ)ᵀ Σ⁻¹ (x − μ) / 2)
/// ```
/// Give the covariance `cov`, its Cholesky factor `chol` (Σ = L Lᵀ; upper-triangular with
/// `lower: false`), or the precision `tau` = Σ⁻¹: exactly one.
public struct MvNormalFamily: Sendable {
    /// Registers a multivariate normal random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike, cov: (any TensorLike)? = nil, chol: (any TensorLike)? = nil,
        tau: (any TensorLike)? = nil, lower: Bool = true,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        let (distribution, resolve) = Self.resolve(mu, cov, chol, tau, lower)
        return DistributionBuilder.make(distribution, family: "MvNormal", name: name, observed: observed, shape: shape,
                                        dims: dims, transform: transform, initval: initval, resolve: resolve)
    }

    /// An unregistered multivariate normal random variable.
    public func dist(mu: any TensorLike, cov: (any TensorLike)? = nil, chol: (any TensorLike)? = nil,
                     tau: (any TensorLike)? = nil, lower: Bool = true, shape: [Int]? = nil) -> Variable {
        let (distribution, resolve) = Self.resolve(mu, cov, chol, tau, lower)
        return DistributionBuilder.make(distribution, family: "MvNormal", name: nil, shape: shape, resolve: resolve)
    }

    /// The sampler's parametrisation and its parameters (mu, the matrix) from cov | chol | tau.
    static func resolve(_ mu: any TensorLike, _ cov: (any TensorLike)?, _ chol: (any TensorLike)?,
                        _ tau: (any TensorLike)?, _ lower: Bool)
        -> (MvNormalDistribution, () throws -> [any TensorLike])
    {
        let kinds: [MvNormalDistribution.Parametrization] = [.covariance, .cholesky, .precision]
        let options: [(String, (any TensorLike)?)] = [("cov", cov), ("chol", chol), ("tau", tau)]
        let chosen = options.firstIndex { $0.1 != nil } ?? 0
        let distribution = MvNormalDistribution(kinds[chosen])
        return (distribution, {
            let (k, matrix) = try Param.exactlyOne(options)
            guard k == 1, !lower else { return [mu, matrix] }
            let l = try matrix.asVariable()
            guard l.ndim >= 2 else { return [mu, l] }  // the random-variable op reports the rank
            return [mu, transpose(l, axes: Array(0..<(l.ndim - 2)) + [l.ndim - 1, l.ndim - 2])]
        })
    }
}

/// The multivariate normal distribution (see ``MvNormalFamily``).
public let MvNormal = MvNormalFamily()

/// The Dirichlet distribution on the simplex with concentrations `a`: `Dirichlet("w", a: [1, 1, 1])`;
/// sampled through the `simplex` transform.
///
/// ```
/// p(x | a) = Γ(Σ aᵢ) / Π Γ(aᵢ) · Π xᵢ^(aᵢ − 1),   xᵢ > 0, Σ xᵢ = 1
/// ```
public struct DirichletFamily: Sendable {
    /// Registers a Dirichlet random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, a: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(DirichletDistribution(), [a], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered Dirichlet random variable.
    public func dist(a: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(DirichletDistribution(), [a], name: nil, shape: shape)
    }
}

/// The Dirichlet distribution (see ``DirichletFamily``).
public let Dirichlet = DirichletFamily()

/// The multinomial distribution: counts of `n` draws over categories of probabilities `p`,
/// `Multinomial("counts", n: 20, p: [0.2, 0.3, 0.5])`.
///
/// ```
/// P(x | n, p) = n! / Π xᵢ! · Π pᵢ^xᵢ,   Σ xᵢ = n
/// ```
/// Constant `p` not summing to 1 is rescaled, as PyMC.
public struct MultinomialFamily: Sendable {
    /// Registers a multinomial random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, n: any TensorLike, p: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(MultinomialDistribution(), family: "Multinomial", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [n, try Param.rescaled(p)]
        }
    }

    /// An unregistered multinomial random variable.
    public func dist(n: any TensorLike, p: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(MultinomialDistribution(), family: "Multinomial", name: nil, shape: shape) {
            [n, try Param.rescaled(p)]
        }
    }
}

/// The multinomial distribution (see ``MultinomialFamily``).
public let Multinomial = MultinomialFamily()
