import Foundation
import Tessera
import TesseraLogProb

// Continuous distributions on the unit interval; free variables are sampled through the
// `logodds` transform by default (`p_logodds__`).

/// The beta distribution on [0, 1]: `Beta("p", alpha: 2, beta: 3)`, or by mean and standard
/// deviation `Beta("p", mu: 0.4, sigma: 0.2)`, or by mean and concentration `Beta("p", mu: 0.4, nu: 5)`.
///
/// ```
/// p(x | α, β) = x^(α − 1) (1 − x)^(β − 1) / B(α, β),   0 ≤ x ≤ 1
/// κ = μ(1 − μ)/σ² − 1,   α = μκ,   β = (1 − μ)κ          (needs μ(1 − μ) > σ²)
/// α = μν,   β = (1 − μ)ν
/// ```
/// Give `alpha` and `beta`, or `mu` and `sigma`, or `mu` and `nu`. Constant `mu` and `sigma` with
/// μ(1 − μ) ≤ σ² are an error when the model is built; tensors that break it make the log-density −∞.
public struct BetaFamily: Sendable {
    /// Registers a beta random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, alpha: (any TensorLike)? = nil, beta: (any TensorLike)? = nil,
        mu: (any TensorLike)? = nil, sigma: (any TensorLike)? = nil, nu: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(BetaDistribution(), family: "Beta", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            try Self.params(alpha, beta, mu, sigma, nu)
        }
    }

    /// An unregistered beta random variable.
    public func dist(alpha: (any TensorLike)? = nil, beta: (any TensorLike)? = nil, mu: (any TensorLike)? = nil,
                     sigma: (any TensorLike)? = nil, nu: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(BetaDistribution(), family: "Beta", name: nil, shape: shape) {
            try Self.params(alpha, beta, mu, sigma, nu)
        }
    }

    /// (α, β) from (alpha, beta), (mu, sigma) or (mu, nu) (PyMC's `Beta.get_alpha_beta`).
    static func params(_ alpha: (any TensorLike)?, _ beta: (any TensorLike)?, _ mu: (any TensorLike)?,
                       _ sigma: (any TensorLike)?, _ nu: (any TensorLike)?) throws -> [any TensorLike] {
        switch (alpha, beta, mu, sigma, nu) {
        case let (a?, b?, nil, nil, nil):
            return [a, b]
        case let (nil, nil, m?, s?, nil):
            let m = try Param.float(m), s = try Param.float(s)
            try Param.checkConstants(m, s, where: { m, s in s > 0 && m * (1 - m) > s * s }) { m, s in
                "mu·(1 − mu) must exceed sigma² (and sigma be positive), but mu = \(m) and sigma = \(s): no beta distribution has that mean and standard deviation"
            }
            let kappa = m * (1.0 - m) / (s * s) - 1.0
            // A tensor mu/sigma pair that breaks the condition makes α and β −∞, so the log-density is −∞.
            let ok = logicalAnd(s .> 0.0, kappa .> 0.0)
            let message = "beta: mu·(1 − mu) > sigma² and sigma > 0"
            return [checkParameters(m * kappa, [ok], message: message),
                    checkParameters((1.0 - m) * kappa, [ok], message: message)]
        case let (nil, nil, m?, nil, n?):
            let m = try Param.float(m), n = try Param.float(n)
            return [m * n, (1.0 - m) * n]
        default:
            throw ParametrizationError(description:
                "give alpha and beta, or mu and sigma, or mu and nu (given: \(Param.given([("alpha", alpha), ("beta", beta), ("mu", mu), ("sigma", sigma), ("nu", nu)])))")
        }
    }
}

/// The beta distribution (see ``BetaFamily``).
public let Beta = BetaFamily()
