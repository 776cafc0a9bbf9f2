import Foundation

// The gamma family: gamma, inverse gamma, chi-squared and beta, all built on one gamma sampler.

/// A standard gamma sampler, Gamma(alpha, 1), with its set-up done once per shape
/// (Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3), 2000).
///
/// For alpha ≥ 1 the squeeze-and-reject step of the paper, section 3: d = alpha − 1/3,
/// c = 1/√(9d), v = (1 + c·x)³ for a standard normal x, accept d·v when
/// u < 1 − 0.0331·x⁴ or log u < x²/2 + d(1 − v + log v).
/// For alpha < 1 the paper's boost (section 6): Gamma(alpha) = Gamma(alpha + 1)·U^(1/alpha),
/// which ``logDraw(_:)`` keeps in log space so that tiny shapes do not underflow.
struct MarsagliaTsang: Sendable {
    /// The shape this sampler draws for.
    let alpha: Double
    private let d: Double, c: Double
    /// 1/alpha when boosting (alpha < 1), else 0.
    private let boost: Double

    init(alpha: Double) {
        self.alpha = alpha
        let a = alpha < 1 ? alpha + 1 : alpha
        d = a - 1.0 / 3.0
        c = 1 / (9 * d).squareRoot()
        boost = alpha < 1 ? 1 / alpha : 0
    }

    /// Gamma(max(alpha, alpha + 1 when boosting), 1).
    @inline(__always)
    private func core(_ rng: inout RandomState) -> Double {
        while true {
            var x: Double, v: Double
            repeat {
                x = NormalDistribution.standard(&rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.uniformOpen()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if Foundation.log(u) < 0.5 * x2 + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }

    /// One Gamma(alpha, 1) draw.
    @inline(__always)
    func draw(_ rng: inout RandomState) -> Double {
        let g = core(&rng)
        if boost == 0 { return g }
        return g * Foundation.exp(Foundation.log(rng.uniformOpen()) * boost)
    }

    /// The logarithm of one Gamma(alpha, 1) draw, exact for any small alpha (the draw itself may
    /// be below the smallest double: log Gamma(alpha + 1) + log(U)/alpha).
    @inline(__always)
    func logDraw(_ rng: inout RandomState) -> Double {
        let g = Foundation.log(core(&rng))
        if boost == 0 { return g }
        return g + Foundation.log(rng.uniformOpen()) * boost
    }
}

/// The gamma distribution with shape `alpha` and rate `beta` (PyMC's `Gamma(alpha, beta)`; mean alpha/beta).
///
/// Sampled by Marsaglia & Tsang (2000) with their boost for alpha < 1; see `MarsagliaTsang`.
public struct GammaDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "gamma" }
    public var paramNames: [String] { ["alpha", "beta"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "alpha", name)
        try ParameterCheck.positive(p[1], "beta", name)
    }
    public func draw(_ rng: inout RandomState, _ alpha: Double, _ beta: Double, _ unused: Double) -> Double {
        MarsagliaTsang(alpha: alpha).draw(&rng) / beta
    }
    /// Draws with the sampler's set-up shared while the shape stays the same.
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        let alpha = params[0], beta = params[1]
        guard count > 0 else { return }
        var g = MarsagliaTsang(alpha: alpha[0])
        for i in 0..<count {
            if alpha[i] != g.alpha { g = MarsagliaTsang(alpha: alpha[i]) }
            out[i] = g.draw(&rng) / beta[i]
        }
    }
}

/// The inverse-gamma distribution with shape `alpha` and scale `beta` (PyMC's `InverseGamma(alpha, beta)`):
/// beta / Gamma(alpha, 1), the gamma draw taken in log space for alpha < 1 so it cannot underflow.
public struct InverseGammaDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "invgamma" }
    public var paramNames: [String] { ["alpha", "beta"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "alpha", name)
        try ParameterCheck.positive(p[1], "beta", name)
    }
    public func draw(_ rng: inout RandomState, _ alpha: Double, _ beta: Double, _ unused: Double) -> Double {
        let g = MarsagliaTsang(alpha: alpha)
        if alpha >= 1 { return beta / g.draw(&rng) }
        return Foundation.exp(Foundation.log(beta) - g.logDraw(&rng))
    }
}

/// The chi-squared distribution with `nu` degrees of freedom: 2·Gamma(nu/2, 1).
public struct ChiSquaredDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "chisquare" }
    public var paramNames: [String] { ["nu"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "nu", name)
    }
    public func draw(_ rng: inout RandomState, _ nu: Double, _ unused: Double, _ unused2: Double) -> Double {
        2 * MarsagliaTsang(alpha: nu / 2).draw(&rng)
    }
}

/// The beta distribution Beta(alpha, beta) on [0, 1].
///
/// X = G₁/(G₁ + G₂) for independent G₁ ~ Gamma(alpha), G₂ ~ Gamma(beta). When a parameter is
/// below 1 the gammas are drawn in log space and combined as exp(l₁ − logaddexp(l₁, l₂)):
/// exact for tiny parameters, where the gammas themselves underflow (the alternative is Jöhnk's
/// method, Jöhnk 1964, whose acceptance rate falls with alpha + beta).
public struct BetaDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "beta" }
    public var paramNames: [String] { ["alpha", "beta"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "alpha", name)
        try ParameterCheck.positive(p[1], "beta", name)
    }
    public func draw(_ rng: inout RandomState, _ alpha: Double, _ beta: Double, _ unused: Double) -> Double {
        Self.draw(&rng, MarsagliaTsang(alpha: alpha), MarsagliaTsang(alpha: beta))
    }

    /// One Beta draw from the two gamma samplers.
    @inline(__always)
    static func draw(_ rng: inout RandomState, _ ga: MarsagliaTsang, _ gb: MarsagliaTsang) -> Double {
        if ga.alpha >= 1 && gb.alpha >= 1 {
            let x = ga.draw(&rng), y = gb.draw(&rng)
            return x / (x + y)
        }
        let lx = ga.logDraw(&rng), ly = gb.logDraw(&rng)
        // x/(x + y) = 1/(1 + exp(ly − lx)), written to keep the smaller of x and 1 − x accurate.
        if lx >= ly { return 1 / (1 + Foundation.exp(ly - lx)) }
        let e = Foundation.exp(lx - ly)
        return e / (1 + e)
    }

    /// Draws with the set-up shared while the parameters stay the same.
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        let alpha = params[0], beta = params[1]
        guard count > 0 else { return }
        var ga = MarsagliaTsang(alpha: alpha[0]), gb = MarsagliaTsang(alpha: beta[0])
        for i in 0..<count {
            if alpha[i] != ga.alpha { ga = MarsagliaTsang(alpha: alpha[i]) }
            if beta[i] != gb.alpha { gb = MarsagliaTsang(alpha: beta[i]) }
            out[i] = Self.draw(&rng, ga, gb)
        }
    }
}

extension Random {
    /// A gamma random variable with shape `alpha` and rate `beta` (mean alpha/beta), as PyMC's `Gamma`.
    public static func gamma(_ alpha: Variable, _ beta: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                             name: String? = nil) -> Variable {
        variable(GammaDistribution(), [alpha, beta], size: size, rng: rng, name: name)
    }

    /// An inverse-gamma random variable with shape `alpha` and scale `beta`, as PyMC's `InverseGamma`.
    public static func inverseGamma(_ alpha: Variable, _ beta: Variable = 1.0, size: [Int]? = nil,
                                    rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(InverseGammaDistribution(), [alpha, beta], size: size, rng: rng, name: name)
    }

    /// A chi-squared random variable with `nu` degrees of freedom.
    public static func chiSquared(_ nu: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                  name: String? = nil) -> Variable {
        variable(ChiSquaredDistribution(), [nu], size: size, rng: rng, name: name)
    }

    /// A beta random variable Beta(alpha, beta) on [0, 1].
    public static func beta(_ alpha: Variable, _ beta: Variable, size: [Int]? = nil, rng: Variable? = nil,
                            name: String? = nil) -> Variable {
        variable(BetaDistribution(), [alpha, beta], size: size, rng: rng, name: name)
    }
}
