import Foundation

/// The normal distribution N(mu, sigma²): the Marsaglia polar method (Marsaglia & Bray 1964).
public struct NormalDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "normal" }
    public var paramNames: [String] { ["mu", "sigma"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.finite(p[0], "mu", "normal")
        try ParameterCheck.positive(p[1], "sigma", "normal")
    }
    @inline(__always)
    public func draw(_ rng: inout RandomState, _ mu: Double, _ sigma: Double, _ unused: Double) -> Double {
        mu + sigma * Self.standard(&rng)
    }

    /// One standard normal draw.
    @inline(__always)
    public static func standard(_ rng: inout RandomState) -> Double {
        while true {
            let u = 2 * rng.uniform() - 1, v = 2 * rng.uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * Foundation.sqrt(-2 * Foundation.log(s) / s) }
        }
    }
}

/// The continuous uniform distribution on [lower, upper).
public struct UniformDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "uniform" }
    public var paramNames: [String] { ["lower", "upper"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.finite(p[0], "lower", "uniform")
        try ParameterCheck.finite(p[1], "upper", "uniform")
        let lo = p[0], hi = p[1]
        if let plan = Shape.broadcast([lo.shape, hi.shape]) {
            let a = BroadcastPlan(output: plan, inputs: [lo.shape, hi.shape])
            let l = a.gather(lo.storage, input: 0), u = a.gather(hi.storage, input: 1)
            if let i = l.indices.first(where: { !(l[$0] < u[$0]) }) {
                throw TesseraError.invalidArgument("uniform: 'lower' must be below 'upper', but lower = \(l[i]) and upper = \(u[i])")
            }
        }
    }
    @inline(__always)
    public func draw(_ rng: inout RandomState, _ lower: Double, _ upper: Double, _ unused: Double) -> Double {
        lower + (upper - lower) * rng.uniform()
    }
}

extension Random {
    /// A normal random variable N(mu, sigma²).
    public static func normal(_ mu: Variable = 0.0, _ sigma: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                              name: String? = nil) -> Variable {
        variable(NormalDistribution(), [mu, sigma], size: size, rng: rng, name: name)
    }

    /// A uniform random variable on [lower, upper).
    public static func uniform(_ lower: Variable = 0.0, _ upper: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                               name: String? = nil) -> Variable {
        variable(UniformDistribution(), [lower, upper], size: size, rng: rng, name: name)
    }
}
