import Foundation
import RealModule

// Discrete univariate distributions. Draws are whole numbers (stored as doubles) of dtype int64.

// MARK: - Log probabilities for the rejection steps

/// Saddle-point forms of the Poisson and binomial log probabilities (Loader, "Fast and accurate
/// computation of binomial probabilities", 2000): accurate to a few ulps of the result even where
/// log n! is huge, so acceptance tests stay exact for very large means.
enum SaddlePoint {
    /// log(n!) − [(n + 1/2) log n − n + log √(2π)], Stirling's error (Loader's `stirlerr`).
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            if n >= 1 && n == n.rounded() { return smallStirlingErrors[Int(n)] }
            return Double.logGamma(n + 1) - (n + 0.5) * Foundation.log(n) + n - 0.5 * Foundation.log(2 * Double.pi)
        }
        let s0: Double = 1.0 / 12, s1: Double = 1.0 / 360, s2: Double = 1.0 / 1260
        let s3: Double = 1.0 / 1680, s4: Double = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// Stirling's error at 1, 2, …, 15 (entry 0 unused), to 20 digits (mpmath, 40-digit arithmetic).
    static let smallStirlingErrors: [Double] = [
        0, 0.08106146679532725822, 0.041340695955409294094, 0.027677925684998339149,
        0.020790672103765093112, 0.016644691189821192163, 0.013876128823070747999, 0.011896709945891770095,
        0.010411265261972096497, 0.0092554621827127329177, 0.0083305634333628712565, 0.007573675487951840795,
        0.0069428401072095298657, 0.0064089941880042070684, 0.0059513701127588477356, 0.005554733551962801371,
    ]

    /// x log(x/m) + m − x without cancellation (Loader's `bd0`), for x ≥ 0, m > 0.
    static func deviance(_ x: Double, _ m: Double) -> Double {
        if abs(x - m) < 0.1 * (x + m) {
            let v = (x - m) / (x + m)
            var s = (x - m) * v
            var ej = 2 * x * v
            let v2 = v * v
            var j = 1.0
            while true {
                ej *= v2
                let next = s + ej / (2 * j + 1)
                if next == s { return s }
                s = next
                j += 1
            }
        }
        return x * Foundation.log(x / m) + m - x
    }

    /// log P(X = k) for X ~ Poisson(mu), k a whole number ≥ 0, mu > 0.
    static func logPoisson(_ k: Double, _ mu: Double) -> Double {
        if k == 0 { return -mu }
        return -stirlingError(k) - deviance(k, mu) - 0.5 * Foundation.log(2 * Double.pi * k)
    }

    /// log P(X = k) for X ~ Binomial(n, p), 0 < p < 1, with q = 1 − p given separately.
    static func logBinomial(_ k: Double, _ n: Double, _ p: Double, _ q: Double) -> Double {
        if k == 0 { return n * Foundation.log(q) }
        if k == n { return n * Foundation.log(p) }
        return stirlingError(n) - stirlingError(k) - stirlingError(n - k) - deviance(k, n * p) - deviance(n - k, n * q)
            + 0.5 * Foundation.log(n / (2 * Double.pi * k * (n - k)))
    }
}

// MARK: - Binomial and Poisson samplers (shared with the mixtures and the multinomial)

/// A Binomial(n, p) sampler with its set-up done once.
///
/// For n·min(p, 1 − p) < 30, inversion by sequential search from 0 (Kachitvichyanukul & Schmeiser
/// 1988, algorithm BINV); otherwise BTPE (Kachitvichyanukul & Schmeiser, "Binomial random variate
/// generation", CACM 31(2), 1988): a triangle, a parallelogram and two exponential tails over the
/// mode, the squeeze of step 5.2, and the final test against the exact ratio f(y)/f(m) (here from
/// Loader's saddle-point log probabilities rather than the paper's truncated Stirling series).
/// Both work with min(p, 1 − p) and reflect the draw.
struct BinomialSampler: Sendable {
    let n: Double, p: Double
    private let r: Double, q: Double, flip: Bool
    private enum Method: Sendable { case constant(Double), inversion, btpe }
    private let method: Method
    // Inversion: q^n and r/q.
    private var qn = 0.0, ratio = 0.0
    // BTPE constants (the paper's step 0).
    private var m = 0.0, nrq = 0.0, p1 = 0.0, p2 = 0.0, p3 = 0.0, p4 = 0.0, xm = 0.0, xl = 0.0, xr = 0.0
    private var c = 0.0, lamL = 0.0, lamR = 0.0, logFm = 0.0

    init(n: Double, p: Double) {
        self.n = n
        self.p = p
        flip = p > 0.5
        r = min(p, 1 - p)
        q = 1 - r
        if n == 0 || r == 0 {
            method = .constant(flip ? n : 0)
            return
        }
        if n * r < 30 {
            method = .inversion
            qn = Foundation.exp(n * Foundation.log1p(-r))
            ratio = r / q
            return
        }
        method = .btpe
        nrq = n * r * q
        let fm = n * r + r
        m = fm.rounded(.down)
        p1 = (2.195 * nrq.squareRoot() - 4.6 * q).rounded(.down) + 0.5
        xm = m + 0.5
        xl = xm - p1
        xr = xm + p1
        c = 0.134 + 20.5 / (15.3 + m)
        let al = (fm - xl) / (fm - xl * r)
        lamL = al * (1 + 0.5 * al)
        let ar = (xr - fm) / (xr * q)
        lamR = ar * (1 + 0.5 * ar)
        p2 = p1 * (1 + 2 * c)
        p3 = p2 + c / lamL
        p4 = p3 + c / lamR
        logFm = SaddlePoint.logBinomial(m, n, r, q)
    }

    /// One draw.
    @inline(__always)
    func draw(_ rng: inout RandomState) -> Double {
        let y: Double
        switch method {
        case .constant(let v): return v
        case .inversion: y = inversion(&rng)
        case .btpe: y = btpe(&rng)
        }
        return flip ? n - y : y
    }

    private func inversion(_ rng: inout RandomState) -> Double {
        while true {
            var x = 0.0, px = qn
            var u = rng.uniform()
            while u >= px {
                u -= px
                x += 1
                px *= (n - x + 1) / x * ratio
                // Rounding left u above the total mass: the far tail (px underflowed) or past n.
                if x > n || px == 0 { break }
            }
            if u < px { return x }
        }
    }

    private func btpe(_ rng: inout RandomState) -> Double {
        while true {
            let u = rng.uniform() * p4
            var v = rng.uniformOpen()
            var y: Double
            if u <= p1 {                               // step 1: the triangle, accepted outright
                return (xm - p1 * v + u).rounded(.down)
            } else if u <= p2 {                        // step 2: the parallelogram
                let x = xl + (u - p1) / c
                v = v * c + 1 - abs(m - x + 0.5) / p1
                if v > 1 { continue }
                y = x.rounded(.down)
            } else if u <= p3 {                        // step 3: the left exponential tail
                y = (xl + Foundation.log(v) / lamL).rounded(.down)
                if y < 0 { continue }
                v *= (u - p2) * lamL
            } else {                                   // step 4: the right exponential tail
                y = (xr - Foundation.log(v) / lamR).rounded(.down)
                if y > n { continue }
                v *= (u - p3) * lamR
            }
            // Step 5: accept when v ≤ f(y)/f(m).
            let k = abs(y - m)
            if k <= 20 {
                // 5.1: the ratio by its recursion f(i)/f(i − 1) = (a/i − s).
                let s = r / q, a = s * (n + 1)
                var f = 1.0
                if m < y {
                    var i = m + 1
                    while i <= y { f *= a / i - s; i += 1 }
                } else if m > y {
                    var i = y + 1
                    while i <= m { f /= a / i - s; i += 1 }
                }
                if v <= f { return y }
                continue
            }
            let logV = Foundation.log(v)
            if k < nrq / 2 - 1 {
                // 5.2: squeeze on log f(y)/f(m) around the normal approximation −k²/(2nrq).
                let rho = (k / nrq) * ((k * (k / 3 + 0.625) + 1.0 / 6) / nrq + 0.5)
                let t = -k * k / (2 * nrq)
                if logV < t - rho { return y }
                if logV > t + rho { continue }
            }
            // 5.3: the exact ratio.
            if logV <= SaddlePoint.logBinomial(y, n, r, q) - logFm { return y }
        }
    }
}

/// A Poisson(mu) sampler with its set-up done once.
///
/// For mu < 10, inversion by sequential search from 0 (Devroye 1986, section X.3.3); for mu ≥ 10,
/// PTRS, the transformed rejection with squeeze of Hörmann ("The transformed rejection method for
/// generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993), its
/// final test against the exact log probability (Loader's saddle-point form).
struct PoissonSampler: Sendable {
    let mu: Double
    private let expMinusMu: Double
    private let logMu: Double, a: Double, b: Double, logInvAlpha: Double, vr: Double

    init(mu: Double) {
        self.mu = mu
        expMinusMu = Foundation.exp(-mu)
        let slam = mu.squareRoot()
        logMu = Foundation.log(mu)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        logInvAlpha = Foundation.log(1.1239 + 1.1328 / (b - 3.4))
        vr = 0.9277 - 3.6224 / (b - 2)
    }

    /// One draw.
    @inline(__always)
    func draw(_ rng: inout RandomState) -> Double {
        if mu == 0 { return 0 }
        return mu < 10 ? inversion(&rng) : ptrs(&rng)
    }

    private func inversion(_ rng: inout RandomState) -> Double {
        while true {
            var x = 0.0, px = expMinusMu
            var u = rng.uniform()
            while u >= px {
                u -= px
                x += 1
                px *= mu / x
                if px == 0 { break }   // rounding left u above the total mass: draw again
            }
            if u < px { return x }
        }
    }

    private func ptrs(_ rng: inout RandomState) -> Double {
        while true {
            let u = rng.uniform() - 0.5
            let v = rng.uniform()
            let us = 0.5 - abs(u)
            if us <= 0 { continue }
            let k = ((2 * a / us + b) * u + mu + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if Foundation.log(v / (a / (us * us) + b)) + logInvAlpha <= SaddlePoint.logPoisson(k, mu) {
                return k
            }
        }
    }
}

// MARK: - Distributions

/// The Bernoulli distribution: 1 with probability `p`, else 0.
public struct BernoulliDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "bernoulli" }
    public var paramNames: [String] { ["p"] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.probability(p[0], "p", name)
    }
    public func draw(_ rng: inout RandomState, _ p: Double, _ unused: Double, _ unused2: Double) -> Double {
        rng.uniform() < p ? 1 : 0
    }
}

/// The binomial distribution: successes in `n` trials of probability `p` (BTPE or inversion; see `BinomialSampler`).
public struct BinomialDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "binomial" }
    public var paramNames: [String] { ["n", "p"] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.trials(p[0], "n", name)
        try ParameterCheck.probability(p[1], "p", name)
    }
    public func draw(_ rng: inout RandomState, _ n: Double, _ p: Double, _ unused: Double) -> Double {
        BinomialSampler(n: n, p: p).draw(&rng)
    }
    /// Draws with the set-up shared while the parameters stay the same.
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        let n = params[0], p = params[1]
        guard count > 0 else { return }
        var s = BinomialSampler(n: n[0], p: p[0])
        for i in 0..<count {
            if n[i] != s.n || p[i] != s.p { s = BinomialSampler(n: n[i], p: p[i]) }
            out[i] = s.draw(&rng)
        }
    }
}

/// The Poisson distribution with mean `mu` (PTRS for mu ≥ 10, inversion below; see `PoissonSampler`).
public struct PoissonDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "poisson" }
    public var paramNames: [String] { ["mu"] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.nonNegative(p[0], "mu", name)
    }
    public func draw(_ rng: inout RandomState, _ mu: Double, _ unused: Double, _ unused2: Double) -> Double {
        PoissonSampler(mu: mu).draw(&rng)
    }
    /// Draws with the set-up shared while the mean stays the same.
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        let mu = params[0]
        guard count > 0 else { return }
        var s = PoissonSampler(mu: mu[0])
        for i in 0..<count {
            if mu[i] != s.mu { s = PoissonSampler(mu: mu[i]) }
            out[i] = s.draw(&rng)
        }
    }
}

/// The negative binomial distribution as NumPy's and PyMC's `(n, p)` form: failures before the
/// `n`-th success of probability `p` (n may be any positive real).
///
/// The gamma–Poisson mixture: Poisson(Gamma(n, 1)·(1 − p)/p) (Devroye 1986, section X.4.7).
public struct NegativeBinomialDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "nbinom" }
    public var paramNames: [String] { ["n", "p"] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positive(p[0], "n", name)
        try ParameterCheck.positiveProbability(p[1], "p", name)
    }
    public func draw(_ rng: inout RandomState, _ n: Double, _ p: Double, _ unused: Double) -> Double {
        if p == 1 { return 0 }
        let lambda = MarsagliaTsang(alpha: n).draw(&rng) * ((1 - p) / p)
        return PoissonSampler(mu: lambda).draw(&rng)
    }
}

/// The geometric distribution: the number of trials up to and including the first success of
/// probability `p`, support 1, 2, … (as SciPy and PyMC). Inversion: ⌈log U / log(1 − p)⌉.
public struct GeometricDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "geometric" }
    public var paramNames: [String] { ["p"] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.positiveProbability(p[0], "p", name)
    }
    public func draw(_ rng: inout RandomState, _ p: Double, _ unused: Double, _ unused2: Double) -> Double {
        if p == 1 { return 1 }
        return (Foundation.log(rng.uniformOpen()) / Foundation.log1p(-p)).rounded(.up)
    }
}

/// The categorical distribution over 0 ..< k with probabilities `p` along the last axis
/// (normalised, as PyMC's `Categorical`). Inversion by sequential search.
public struct CategoricalDistribution: RandomDistribution {
    public init() {}
    public var name: String { "categorical" }
    public var paramNames: [String] { ["p"] }
    public var paramNDims: [Int] { [1] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.weights(p[0], "p", name)
    }
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        guard count > 0 else { return }
        let p = params[0]
        let k = p.count / count
        for i in 0..<count {
            let start = i * k
            var total = 0.0, last = start
            for j in start..<(start + k) {
                total += p[j]
                if p[j] > 0 { last = j }
            }
            var u = rng.uniform() * total
            var chosen = last   // where rounding leaves u above the sum
            for j in start..<last where p[j] > 0 {
                if u < p[j] { chosen = j; break }
                u -= p[j]
            }
            out[i] = Double(chosen - start)
        }
    }
}

/// The discrete uniform distribution on the integers lower, lower + 1, …, upper (both included).
public struct DiscreteUniformDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "discrete_uniform" }
    public var paramNames: [String] { ["lower", "upper"] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.integer(p[0], "lower", name)
        try ParameterCheck.integer(p[1], "upper", name)
        try ParameterCheck.pairs(p[0], p[1], name, where: { $0 <= $1 }) {
            "'lower' must be at most 'upper', but lower = \($0) and upper = \($1)"
        }
    }
    public func draw(_ rng: inout RandomState, _ lower: Double, _ upper: Double, _ unused: Double) -> Double {
        lower + Double(rng.integer(below: UInt64(upper - lower) + 1))
    }
}

/// The beta-binomial distribution: Binomial(n, P) with P ~ Beta(alpha, beta).
public struct BetaBinomialDistribution: UnivariateDistribution {
    public init() {}
    public var name: String { "betabinom" }
    public var paramNames: [String] { ["n", "alpha", "beta"] }
    public var dtype: DType { .int64 }
    public func validate(_ p: [NDArray]) throws {
        try ParameterCheck.trials(p[0], "n", name)
        try ParameterCheck.positive(p[1], "alpha", name)
        try ParameterCheck.positive(p[2], "beta", name)
    }
    public func draw(_ rng: inout RandomState, _ n: Double, _ alpha: Double, _ beta: Double) -> Double {
        let p = BetaDistribution.draw(&rng, MarsagliaTsang(alpha: alpha), MarsagliaTsang(alpha: beta))
        return BinomialSampler(n: n, p: p).draw(&rng)
    }
}

extension Random {
    /// A Bernoulli random variable: 1 with probability `p`, else 0 (int64).
    public static func bernoulli(_ p: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                 name: String? = nil) -> Variable {
        variable(BernoulliDistribution(), [p], size: size, rng: rng, name: name)
    }

    /// A binomial random variable: successes in `n` trials of probability `p` (int64).
    public static func binomial(_ n: Variable, _ p: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                name: String? = nil) -> Variable {
        variable(BinomialDistribution(), [n, p], size: size, rng: rng, name: name)
    }

    /// A Poisson random variable with mean `mu` (int64).
    public static func poisson(_ mu: Variable, size: [Int]? = nil, rng: Variable? = nil,
                               name: String? = nil) -> Variable {
        variable(PoissonDistribution(), [mu], size: size, rng: rng, name: name)
    }

    /// A negative binomial random variable in NumPy's `(n, p)` form: failures before the n-th success (int64).
    public static func negativeBinomial(_ n: Variable, _ p: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                        name: String? = nil) -> Variable {
        variable(NegativeBinomialDistribution(), [n, p], size: size, rng: rng, name: name)
    }

    /// A geometric random variable: trials up to the first success, support 1, 2, … (int64).
    public static func geometric(_ p: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                 name: String? = nil) -> Variable {
        variable(GeometricDistribution(), [p], size: size, rng: rng, name: name)
    }

    /// A categorical random variable over 0 ..< k with probabilities `p` (last axis; normalised) (int64).
    public static func categorical(_ p: Variable, size: [Int]? = nil, rng: Variable? = nil,
                                   name: String? = nil) -> Variable {
        variable(CategoricalDistribution(), [p], size: size, rng: rng, name: name)
    }

    /// A discrete uniform random variable on the integers `lower` … `upper`, both included (int64).
    public static func discreteUniform(_ lower: Variable, _ upper: Variable, size: [Int]? = nil,
                                       rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(DiscreteUniformDistribution(), [lower, upper], size: size, rng: rng, name: name)
    }

    /// A beta-binomial random variable: Binomial(n, P) with P ~ Beta(alpha, beta) (int64).
    public static func betaBinomial(_ n: Variable, _ alpha: Variable, _ beta: Variable, size: [Int]? = nil,
                                    rng: Variable? = nil, name: String? = nil) -> Variable {
        variable(BetaBinomialDistribution(), [n, alpha, beta], size: size, rng: rng, name: name)
    }
}
