import Foundation
import Tessera
import TesseraLogProb

/// The normal distribution: `Normal("x", mu: 0, sigma: 1)` in a model, `Normal.dist(mu:, sigma:)` anywhere.
/// Give `sigma` or the precision `tau` (σ = τ^(−1/2)).
public struct NormalFamily: Sendable {
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(NormalDistribution(), [mu, Self.scale(sigma, tau)], name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered normal random variable.
    public func dist(mu: any TensorLike = 0.0, sigma: (any TensorLike)? = nil, tau: (any TensorLike)? = nil,
                     shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(NormalDistribution(), [mu, Self.scale(sigma, tau)], name: nil, shape: shape)
    }

    /// σ from `sigma` or `tau` (default 1).
    static func scale(_ sigma: (any TensorLike)?, _ tau: (any TensorLike)?) -> any TensorLike {
        if let sigma { return sigma }
        if let tau, let t = try? tau.asVariable() { return pow(t, -0.5) }
        return 1.0
    }
}

/// The normal distribution (see ``NormalFamily``).
public let Normal = NormalFamily()
