import Tessera

/// Where a distribution puts its mass: decides the value transform used for sampling.
public enum Support: Sendable {
    /// All real numbers.
    case real
    /// (0, ∞).
    case positive
    /// [0, 1] or (0, 1).
    case unitInterval
    /// (lower, upper) with tensor bounds.
    case interval(lower: Variable, upper: Variable)
    /// [lower, ∞) with a tensor bound (Pareto).
    case lowerBounded(Variable)
    /// Whole numbers (discrete).
    case integers
    /// Vectors of positive numbers summing to 1.
    case simplex
    /// Angles in [-π, π).
    case circular
    /// Real vectors (multivariate).
    case realVector
    /// Count vectors (multinomial).
    case countVector

    /// Whether values are discrete.
    public var isDiscrete: Bool {
        switch self {
        case .integers, .countVector: true
        default: false
        }
    }
}

/// A distribution whose density TesseraLogProb knows: its log-density, and where available its
/// log-CDF and inverse CDF, as graphs of the value and the parameters.
///
/// Conformances live in `Densities/`, one file per family, beside nothing else: the sampler is
/// in `Tessera` (the random-variable op), the density here.
public protocol DensityDistribution: RandomDistribution {
    /// The elementwise log-density (log-PMF for discrete distributions) at `value`.
    /// Values outside the support give `-inf`; invalid parameters go through ``checkParameters(_:_:message:)``.
    func logp(_ value: Variable, _ params: [Variable]) -> Variable
    /// The log-CDF, `log P(X ≤ value)`, where a closed form or a special function exists.
    func logcdf(_ value: Variable, _ params: [Variable]) -> Variable?
    /// The log survival function, `log P(X > value)`; by default `log1mexp(logcdf)`.
    func logsf(_ value: Variable, _ params: [Variable]) -> Variable?
    /// The inverse CDF (quantile function) at probability `q`.
    func icdf(_ q: Variable, _ params: [Variable]) -> Variable?
    /// The support, given the parameters.
    func support(_ params: [Variable]) -> Support
}

extension DensityDistribution {
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? { nil }
    public func icdf(_ q: Variable, _ params: [Variable]) -> Variable? { nil }
    public func logsf(_ value: Variable, _ params: [Variable]) -> Variable? {
        logcdf(value, params).map { log1mexp($0) }
    }
    public func support(_ params: [Variable]) -> Support { .real }
}
