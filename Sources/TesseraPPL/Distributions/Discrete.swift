import Foundation
import Tessera
import TesseraLogProb

// Discrete distributions: int64 draws, no value transform; observed data must be whole numbers.

/// The Bernoulli distribution: `Bernoulli("y", p: 0.3)` or `Bernoulli("y", logitP: eta)`.
///
/// ```
/// P(x | p) = p^x (1 − p)^(1 − x),   x ∈ {0, 1}
/// ```
/// Give the probability `p` or its log-odds `logitP` (p = σ(logitP)), exactly one.
public struct BernoulliFamily: Sendable {
    /// Registers a Bernoulli random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, p: (any TensorLike)? = nil, logitP: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(BernoulliDistribution(), family: "Bernoulli", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [try Param.probability(p, logitP: logitP)]
        }
    }

    /// An unregistered Bernoulli random variable.
    public func dist(p: (any TensorLike)? = nil, logitP: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(BernoulliDistribution(), family: "Bernoulli", name: nil, shape: shape) {
            [try Param.probability(p, logitP: logitP)]
        }
    }
}

/// The Bernoulli distribution (see ``BernoulliFamily``).
public let Bernoulli = BernoulliFamily()

/// The binomial distribution: successes in `n` trials, `Binomial("y", n: 10, p: 0.3)`.
///
/// ```
/// P(x | n, p) = C(n, x) p^x (1 − p)^(n − x),   x = 0, …, n
/// ```
/// Give the probability `p` or its log-odds `logitP` (p = σ(logitP)), exactly one.
public struct BinomialFamily: Sendable {
    /// Registers a binomial random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, n: any TensorLike, p: (any TensorLike)? = nil, logitP: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(BinomialDistribution(), family: "Binomial", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [n, try Param.probability(p, logitP: logitP)]
        }
    }

    /// An unregistered binomial random variable.
    public func dist(n: any TensorLike, p: (any TensorLike)? = nil, logitP: (any TensorLike)? = nil,
                     shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(BinomialDistribution(), family: "Binomial", name: nil, shape: shape) {
            [n, try Param.probability(p, logitP: logitP)]
        }
    }
}

/// The binomial distribution (see ``BinomialFamily``).
public let Binomial = BinomialFamily()

/// The Poisson distribution with mean `mu`: `Poisson("y", mu: 3)`.
///
/// ```
/// P(x | μ) = μ^x exp(−μ) / x!,   x = 0, 1, …
/// ```
public struct PoissonFamily: Sendable {
    /// Registers a Poisson random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(PoissonDistribution(), [mu], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered Poisson random variable.
    public func dist(mu: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(PoissonDistribution(), [mu], name: nil, shape: shape)
    }
}

/// The Poisson distribution (see ``PoissonFamily``).
public let Poisson = PoissonFamily()

/// The negative binomial distribution: `NegativeBinomial("y", mu: 4, alpha: 2)` (mean and
/// dispersion) or `NegativeBinomial("y", n: 2, p: 0.3)` (failures before the n-th success).
///
/// ```
/// P(x | μ, α) = Γ(x + α) / (x! Γ(α)) · (α/(μ + α))^α (μ/(μ + α))^x,   x = 0, 1, …
/// n = α,   p = α / (μ + α)
/// ```
/// Give `alpha` or `n` (exactly one), and `mu` or `p` (exactly one).
public struct NegativeBinomialFamily: Sendable {
    /// Registers a negative binomial random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, mu: (any TensorLike)? = nil, alpha: (any TensorLike)? = nil,
        p: (any TensorLike)? = nil, n: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(NegativeBinomialDistribution(), family: "NegativeBinomial", name: name,
                                 observed: observed, shape: shape, dims: dims, transform: transform,
                                 initval: initval) {
            try Self.params(mu, alpha, p, n)
        }
    }

    /// An unregistered negative binomial random variable.
    public func dist(mu: (any TensorLike)? = nil, alpha: (any TensorLike)? = nil, p: (any TensorLike)? = nil,
                     n: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(NegativeBinomialDistribution(), family: "NegativeBinomial", name: nil,
                                 shape: shape) {
            try Self.params(mu, alpha, p, n)
        }
    }

    /// (n, p) from alpha | n and mu | p (PyMC's `NegativeBinomial.get_n_p`).
    static func params(_ mu: (any TensorLike)?, _ alpha: (any TensorLike)?, _ p: (any TensorLike)?,
                       _ n: (any TensorLike)?) throws -> [any TensorLike] {
        let nValue = try Param.exactlyOne([("alpha", alpha), ("n", n)]).value
        let (kp, pValue) = try Param.exactlyOne([("mu", mu), ("p", p)])
        if kp == 1 { return [nValue, pValue] }
        let nf = try Param.float(nValue)
        return [nValue, nf / (try Param.float(pValue) + nf)]
    }
}

/// The negative binomial distribution (see ``NegativeBinomialFamily``).
public let NegativeBinomial = NegativeBinomialFamily()

/// The geometric distribution: trials up to and including the first success, `Geometric("y", p: 0.2)`.
///
/// ```
/// P(x | p) = p (1 − p)^(x − 1),   x = 1, 2, …
/// ```
public struct GeometricFamily: Sendable {
    /// Registers a geometric random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, p: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(GeometricDistribution(), [p], name: name, observed: observed, shape: shape,
                                 dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered geometric random variable.
    public func dist(p: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(GeometricDistribution(), [p], name: nil, shape: shape)
    }
}

/// The geometric distribution (see ``GeometricFamily``).
public let Geometric = GeometricFamily()

/// The categorical distribution over 0 ..< k: `Categorical("z", p: [0.2, 0.3, 0.5])`.
///
/// ```
/// P(x = j | p) = p_j,   j = 0, …, k − 1   (p along the last axis)
/// ```
/// Give the probabilities `p` (constant ones not summing to 1 are rescaled, as PyMC) or
/// log-odds `logitP` (p = softmax(logitP)), exactly one.
public struct CategoricalFamily: Sendable {
    /// Registers a categorical random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, p: (any TensorLike)? = nil, logitP: (any TensorLike)? = nil,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(CategoricalDistribution(), family: "Categorical", name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval) {
            [try Self.weights(p, logitP)]
        }
    }

    /// An unregistered categorical random variable.
    public func dist(p: (any TensorLike)? = nil, logitP: (any TensorLike)? = nil, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(CategoricalDistribution(), family: "Categorical", name: nil, shape: shape) {
            [try Self.weights(p, logitP)]
        }
    }

    /// The sampler's `p`: rescaled constant probabilities, or the softmax of `logitP`.
    static func weights(_ p: (any TensorLike)?, _ logitP: (any TensorLike)?) throws -> any TensorLike {
        let probabilities = try Param.probabilities(p, logitP: logitP)
        return p != nil ? try Param.rescaled(probabilities) : probabilities
    }
}

/// The categorical distribution (see ``CategoricalFamily``).
public let Categorical = CategoricalFamily()

/// The discrete uniform distribution on the integers lower … upper: `DiscreteUniform("k", lower: 1, upper: 6)`.
///
/// ```
/// P(x | a, b) = 1 / (b − a + 1),   x = a, …, b
/// ```
public struct DiscreteUniformFamily: Sendable {
    /// Registers a discrete uniform random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, lower: any TensorLike, upper: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        DistributionBuilder.make(DiscreteUniformDistribution(), [lower, upper], name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered discrete uniform random variable.
    public func dist(lower: any TensorLike, upper: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(DiscreteUniformDistribution(), [lower, upper], name: nil, shape: shape)
    }
}

/// The discrete uniform distribution (see ``DiscreteUniformFamily``).
public let DiscreteUniform = DiscreteUniformFamily()

/// The beta-binomial distribution: Binomial(n, P) with P ~ Beta(α, β),
/// `BetaBinomial("y", alpha: 2, beta: 3, n: 10)`.
///
/// ```
/// P(x | α, β, n) = C(n, x) B(x + α, n − x + β) / B(α, β),   x = 0, …, n
/// ```
public struct BetaBinomialFamily: Sendable {
    /// Registers a beta-binomial random variable `name` in the current model.
    @discardableResult
    public func callAsFunction(
        _ name: String, alpha: any TensorLike, beta: any TensorLike, n: any TensorLike,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        // The sampler takes (n, alpha, beta), as SciPy's betabinom.
        DistributionBuilder.make(BetaBinomialDistribution(), [n, alpha, beta], name: name, observed: observed,
                                 shape: shape, dims: dims, transform: transform, initval: initval)
    }

    /// An unregistered beta-binomial random variable.
    public func dist(alpha: any TensorLike, beta: any TensorLike, n: any TensorLike, shape: [Int]? = nil) -> Variable {
        DistributionBuilder.make(BetaBinomialDistribution(), [n, alpha, beta], name: nil, shape: shape)
    }
}

/// The beta-binomial distribution (see ``BetaBinomialFamily``).
public let BetaBinomial = BetaBinomialFamily()
