import Foundation

// Continuous univariate distributions other than the normal, uniform and gamma family.
// Most are exact transformations of uniform, normal or gamma draws (inversion of the CDF:
// Devroye, "Non-Uniform Random Variate Generation", 1986, chapter II.2).

/// One standard exponential draw, −log U with U in (0, 1) (inversion).
@inline(__always)
func standardExponential(_ rng: inout RandomState) -> Double {
    -Foundation.log(rng.uniformOpen())
}

/// The half-normal distribution: |N(0, sigma²)|.
public struct HalfNormalDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "halfnormal" }
    public var paramNames: [String] { ["sigma"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "sigma", name)
    }
    public func draw(_ rng: inout RandomState, _ sigma: Double, _ unused: Double, _ unused2: Double) -> Double {
        sigma * abs(NormalDistribution.standard(&rng))
    }
}

/// The log-normal distribution: exp(N(mu, sigma²)).
public struct LogNormalDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "lognormal" }
    public var paramNames: [String] { ["mu", "sigma"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.finite(p[0], "mu", name)
        try ParameterCheck.positive(p[1], "sigma", name)
    }
    public func draw(_ rng: inout RandomState, _ mu: Double, _ sigma: Double, _ unused: Double) -> Double {
        Foundation.exp(mu + sigma * NormalDistribution.standard(&rng))
    }
}

/// The exponential distribution with rate `lam` (PyMC's `Exponential(lam)`; mean 1/lam): −log(U)/lam.
public struct ExponentialDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "exponential" }
    public var paramNames: [String] { ["lam"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "lam", name)
    }
    public func draw(_ rng: inout RandomState, _ lam: Double, _ unused: Double, _ unused2: Double) -> Double {
        standardExponential(&rng) / lam
    }
}

/// Student's t distribution with `nu` degrees of freedom, location `mu` and scale `sigma`.
///
/// T = Z·√(nu/V) for Z standard normal and V ~ χ²(nu) = 2·Gamma(nu/2) (Student 1908), written
/// as Z·exp((log(nu/2) − log Gamma(nu/2))/2) so that small `nu` (where the gamma draw underflows)
/// stays exact; the gamma is Marsaglia & Tsang's.
public struct StudentTDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "t" }
    public var paramNames: [String] { ["nu", "mu", "sigma"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "nu", name)
        try ParameterCheck.finite(p[1], "mu", name)
        try ParameterCheck.positive(p[2], "sigma", name)
    }
    public func draw(_ rng: inout RandomState, _ nu: Double, _ mu: Double, _ sigma: Double) -> Double {
        mu + sigma * Self.standard(&rng, nu)
    }

    /// One standard t draw with `nu` degrees of freedom.
    @inline(__always)
    static func standard(_ rng: inout RandomState, _ nu: Double) -> Double {
        let z = NormalDistribution.standard(&rng)
        let logG = MarsagliaTsang(alpha: nu / 2).logDraw(&rng)
        return z * Foundation.exp(0.5 * (Foundation.log(nu / 2) - logG))
    }
}

/// The half Student's t distribution: |T|·sigma for T standard t with `nu` degrees of freedom.
public struct HalfStudentTDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "halfstudentt" }
    public var paramNames: [String] { ["nu", "sigma"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "nu", name)
        try ParameterCheck.positive(p[1], "sigma", name)
    }
    public func draw(_ rng: inout RandomState, _ nu: Double, _ sigma: Double, _ unused: Double) -> Double {
        sigma * abs(StudentTDistribution.standard(&rng, nu))
    }
}

/// The Cauchy distribution with location `alpha` and scale `beta`: alpha + beta·tan(π(U − 1/2)) (inversion).
public struct CauchyDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "cauchy" }
    public var paramNames: [String] { ["alpha", "beta"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.finite(p[0], "alpha", name)
        try ParameterCheck.positive(p[1], "beta", name)
    }
    public func draw(_ rng: inout RandomState, _ alpha: Double, _ beta: Double, _ unused: Double) -> Double {
        alpha + beta * Foundation.tan(Double.pi * (rng.uniformOpen() - 0.5))
    }
}

/// The half-Cauchy distribution with scale `beta`: beta·tan(πU/2) (inversion).
public struct HalfCauchyDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "halfcauchy" }
    public var paramNames: [String] { ["beta"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "beta", name)
    }
    public func draw(_ rng: inout RandomState, _ beta: Double, _ unused: Double, _ unused2: Double) -> Double {
        beta * Foundation.tan(0.5 * Double.pi * rng.uniformOpen())
    }
}

/// The Laplace (double exponential) distribution with location `mu` and scale `b`:
/// mu − b·sign(u)·log(1 − 2|u|) for u uniform on (−1/2, 1/2) (inversion).
public struct LaplaceDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "laplace" }
    public var paramNames: [String] { ["mu", "b"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.finite(p[0], "mu", name)
        try ParameterCheck.positive(p[1], "b", name)
    }
    public func draw(_ rng: inout RandomState, _ mu: Double, _ b: Double, _ unused: Double) -> Double {
        let u = rng.uniformOpen() - 0.5   // never exactly 0 or ±1/2
        let e = -Foundation.log1p(-2 * abs(u))
        return u < 0 ? mu - b * e : mu + b * e
    }
}

/// The logistic distribution with location `mu` and scale `s`: mu + s·log(U/(1 − U)) (inversion).
public struct LogisticDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "logistic" }
    public var paramNames: [String] { ["mu", "s"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.finite(p[0], "mu", name)
        try ParameterCheck.positive(p[1], "s", name)
    }
    public func draw(_ rng: inout RandomState, _ mu: Double, _ s: Double, _ unused: Double) -> Double {
        let u = rng.uniformOpen()
        return mu + s * (Foundation.log(u) - Foundation.log1p(-u))
    }
}

/// The Weibull distribution with shape `alpha` and scale `beta` (PyMC's `Weibull`):
/// beta·E^(1/alpha) for E standard exponential (inversion).
public struct WeibullDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "weibull" }
    public var paramNames: [String] { ["alpha", "beta"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "alpha", name)
        try ParameterCheck.positive(p[1], "beta", name)
    }
    public func draw(_ rng: inout RandomState, _ alpha: Double, _ beta: Double, _ unused: Double) -> Double {
        beta * Foundation.pow(standardExponential(&rng), 1 / alpha)
    }
}

/// The Pareto distribution with shape `alpha` and scale (lower bound) `m`: m·exp(E/alpha) for E
/// standard exponential (inversion).
public struct ParetoDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "pareto" }
    public var paramNames: [String] { ["alpha", "m"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "alpha", name)
        try ParameterCheck.positive(p[1], "m", name)
    }
    public func draw(_ rng: inout RandomState, _ alpha: Double, _ m: Double, _ unused: Double) -> Double {
        m * Foundation.exp(standardExponential(&rng) / alpha)
    }
}

/// The von Mises distribution on the circle with mean direction `mu` and concentration `kappa`;
/// draws are wrapped into [−π, π] as NumPy's.
///
/// Best & Fisher, "Efficient simulation of the von Mises distribution", Applied Statistics 28(2),
/// 1979 (a wrapped-Cauchy envelope): with τ = 1 + √(1 + 4κ²), ρ = (τ − √(2τ))/(2κ),
/// r = (1 + ρ²)/(2ρ), draw z = cos(πU₁), f = (1 + rz)/(r + z), c = κ(r − f), accept when
/// c(2 − c) > U₂ or log(c/U₂) + 1 − c ≥ 0, and return ±arccos f. Every difference in it
/// (1 − ρ, r − 1, r − f, 1 − f) is computed in a cancellation-free form, so the method stays exact
/// from κ ≈ 10⁻⁴ up to the largest finite κ. Below κ = 10⁻⁴ it uses plain rejection from the uniform
/// distribution (accept θ when V ≤ exp(κ(cos θ − 1)); acceptance rate I₀(κ)e^{−κ} > 0.9999).
public struct VonMisesDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "vonmises" }
    public var paramNames: [String] { ["mu", "kappa"] }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.finite(p[0], "mu", name)
        try ParameterCheck.nonNegative(p[1], "kappa", name)
    }
    public func draw(_ rng: inout RandomState, _ mu: Double, _ kappa: Double, _ unused: Double) -> Double {
        var s = Sampler(kappa: kappa)
        return Foundation.remainder(mu + s.draw(&rng), 2 * Double.pi)
    }

    /// Draws with the set-up shared while kappa stays the same.
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        let mu = params[0], kappa = params[1]
        guard count > 0 else { return }
        var s = Sampler(kappa: kappa[0])
        for i in 0..<count {
            if kappa[i] != s.kappa { s = Sampler(kappa: kappa[i]) }
            out[i] = Foundation.remainder(mu[i] + s.draw(&rng), 2 * Double.pi)
        }
    }

    /// Best & Fisher's sampler of the centred angle, with its constants for one kappa.
    struct Sampler {
        let kappa: Double
        /// r − 1 and r + 1 (r = (1 + ρ²)/(2ρ)).
        private let rMinus1: Double, rPlus1: Double
        private let useRejection: Bool

        init(kappa: Double) {
            self.kappa = kappa
            useRejection = kappa < 1e-4
            var rho: Double, oneMinusRho: Double
            if kappa < 1 {
                // With q = √(1 + 4κ²): τ − √(2τ) = τ(τ − 2)/(τ + √(2τ)) and τ − 2 = 4κ²/(q + 1).
                let q = (1 + 4 * kappa * kappa).squareRoot()
                let tau = 1 + q
                rho = 2 * kappa * tau / ((q + 1) * (tau + (2 * tau).squareRoot()))
                oneMinusRho = 1 - rho
            } else {
                // 1 − ρ = (√(2τ) − 1 − 1/(q + 2κ))/(2κ), since 2κ − τ = −1 − 1/(q + 2κ); with
                // s = q/(2κ) = √(1 + 1/(4κ²)) every term is formed without overflow for any finite κ.
                let s = (1 + 0.25 / (kappa * kappa)).squareRoot()
                oneMinusRho = (s + 0.5 / kappa).squareRoot() / kappa.squareRoot() - (1 + (0.5 / kappa) / (s + 1)) / (2 * kappa)
                rho = 1 - oneMinusRho
            }
            rMinus1 = oneMinusRho * oneMinusRho / (2 * rho)
            rPlus1 = rMinus1 + 2
        }

        /// One draw of the angle in [−π, π] centred on 0.
        @inline(__always)
        mutating func draw(_ rng: inout RandomState) -> Double {
            if useRejection {
                while true {
                    let theta = Double.pi * (2 * rng.uniform() - 1)
                    if kappa == 0 || rng.uniform() < Foundation.exp(kappa * (Foundation.cos(theta) - 1)) { return theta }
                }
            }
            while true {
                let h = 0.5 * Double.pi * rng.uniform()
                let sinH = Foundation.sin(h), cosH = Foundation.cos(h)
                let oneMinusZ = 2 * sinH * sinH, onePlusZ = 2 * cosH * cosH   // z = cos(2h)
                let rPlusZ = rMinus1 + onePlusZ
                let c = kappa * rMinus1 * rPlus1 / rPlusZ                    // κ(r − f)
                let u2 = rng.uniformOpen()
                if c * (2 - c) - u2 > 0 || Foundation.log(c / u2) + 1 - c >= 0 {
                    let oneMinusF = rMinus1 * oneMinusZ / rPlusZ
                    let theta = 2 * Foundation.asin(min(1, (0.5 * oneMinusF).squareRoot()))   // arccos f
                    return rng.uniform() < 0.5 ? -theta : theta
                }
            }
        }
    }
}

extension Random {
    /// A half-normal random variable |N(0, sigma²)|.
    public static func halfNormal(_ sigma: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                                  name: String? = nil) -> Variable {
        variable(HalfNormalDistribution(), [sigma], size: size, rng: rng, name: name)
    }

    /// A log-normal random variable exp(N(mu, sigma²)).
    public static func logNormal(_ mu: Variable = 0.0, _ sigma: Variable = 1.0, size: [Int]? = nil,
                                 rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(LogNormalDistribution(), [mu, sigma], size: size, rng: rng, name: name)
    }

    /// An exponential random variable with rate `lam` (mean 1/lam), as PyMC's `Exponential(lam)`.
    public static func exponential(_ lam: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                                   name: String? = nil) -> Variable {
        variable(ExponentialDistribution(), [lam], size: size, rng: rng, name: name)
    }

    /// A Student's t random variable with `nu` degrees of freedom, location `mu` and scale `sigma`.
    public static func studentT(_ nu: Variable, _ mu: Variable = 0.0, _ sigma: Variable = 1.0, size: [Int]? = nil,
                                rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(StudentTDistribution(), [nu, mu, sigma], size: size, rng: rng, name: name)
    }

    /// A half Student's t random variable with `nu` degrees of freedom and scale `sigma`.
    public static func halfStudentT(_ nu: Variable, _ sigma: Variable = 1.0, size: [Int]? = nil,
                                    rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(HalfStudentTDistribution(), [nu, sigma], size: size, rng: rng, name: name)
    }

    /// A Cauchy random variable with location `alpha` and scale `beta`.
    public static func cauchy(_ alpha: Variable = 0.0, _ beta: Variable = 1.0, size: [Int]? = nil,
                              rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(CauchyDistribution(), [alpha, beta], size: size, rng: rng, name: name)
    }

    /// A half-Cauchy random variable with scale `beta`.
    public static func halfCauchy(_ beta: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                                  name: String? = nil) -> Variable {
        variable(HalfCauchyDistribution(), [beta], size: size, rng: rng, name: name)
    }

    /// A Laplace random variable with location `mu` and scale `b`.
    public static func laplace(_ mu: Variable = 0.0, _ b: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                               name: String? = nil) -> Variable {
        variable(LaplaceDistribution(), [mu, b], size: size, rng: rng, name: name)
    }

    /// A logistic random variable with location `mu` and scale `s`.
    public static func logistic(_ mu: Variable = 0.0, _ s: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                                name: String? = nil) -> Variable {
        variable(LogisticDistribution(), [mu, s], size: size, rng: rng, name: name)
    }

    /// A Weibull random variable with shape `alpha` and scale `beta`.
    public static func weibull(_ alpha: Variable, _ beta: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                               name: String? = nil) -> Variable {
        variable(WeibullDistribution(), [alpha, beta], size: size, rng: rng, name: name)
    }

    /// A Pareto random variable with shape `alpha` and lower bound `m`.
    public static func pareto(_ alpha: Variable, _ m: Variable = 1.0, size: [Int]? = nil, rng: Variable? = nil,
                              name: String? = nil) -> Variable {
        variable(ParetoDistribution(), [alpha, m], size: size, rng: rng, name: name)
    }

    /// A von Mises random variable with mean direction `mu` and concentration `kappa`, wrapped into [−π, π].
    public static func vonMises(_ mu: Variable = 0.0, _ kappa: Variable = 1.0, size: [Int]? = nil,
                                rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(VonMisesDistribution(), [mu, kappa], size: size, rng: rng, name: name)
    }
}
