import Foundation

// The regularized incomplete gamma and beta functions as elementwise ops: the CDFs of the gamma,
// chi-square and Poisson (P, Q) and of the beta, Student-t, F and binomial distributions (I_x),
// with log-space forms for log-CDFs far in the tails. The Double kernels live in
// Ops/Special/IncompleteGamma.swift and IncompleteBeta.swift; these ops run on the VM (also
// inside C-compiled functions, which call back into it for them).

// MARK: - Incomplete gamma

/// The regularized lower incomplete gamma function `P(a, x) = γ(a, x)/Γ(a)`, elementwise
/// (see ``Special/gammainc(_:_:)``). Gradient: `∂P/∂x = xᵃ⁻¹ e⁻ˣ / Γ(a)`, `∂P/∂a` by ``GammaIncGrad``.
public struct GammaInc: BinaryScalarOp {
    public var name: String { "GammaInc" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ x: Double) -> Double { Special.gammainc(a, x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        GammaIncGrad.pullback(.lower, x, gz)
    }
}

/// The regularized upper incomplete gamma function `Q(a, x) = 1 − P(a, x)`, elementwise
/// (see ``Special/gammaincc(_:_:)``). Gradient: `−∂P/∂x`, `∂Q/∂a` by ``GammaIncGrad``.
public struct GammaIncC: BinaryScalarOp {
    public var name: String { "GammaIncC" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ x: Double) -> Double { Special.gammaincc(a, x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        GammaIncGrad.pullback(.upper, x, gz)
    }
}

/// `log P(a, x)`, elementwise, finite where `P` underflows (see ``Special/logGammainc(_:_:)``).
/// Gradient: `(∂P/∂x)/P` and `(∂P/∂a)/P`, each computed without forming `P` (``GammaIncGrad``).
public struct LogGammaInc: BinaryScalarOp {
    public var name: String { "LogGammaInc" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ x: Double) -> Double { Special.logGammainc(a, x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        GammaIncGrad.pullback(.logLower, x, gz)
    }
}

/// `log Q(a, x)`, elementwise, finite where `Q` underflows (see ``Special/logGammaincc(_:_:)``).
/// Gradient: `(∂Q/∂x)/Q` and `(∂Q/∂a)/Q`, each computed without forming `Q` (``GammaIncGrad``).
public struct LogGammaIncC: BinaryScalarOp {
    public var name: String { "LogGammaIncC" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ x: Double) -> Double { Special.logGammaincc(a, x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        GammaIncGrad.pullback(.logUpper, x, gz)
    }
}

/// A partial derivative of `P`, `Q`, `log P` or `log Q` with respect to `a` or `x`, elementwise
/// (see ``Special/incompleteGammaDerivative(_:wrt:_:_:)``): the gradient op of ``GammaInc``,
/// ``GammaIncC``, ``LogGammaInc`` and ``LogGammaIncC``.
///
/// The densities `±∂P/∂x` have a gradient of their own (`∂f/∂a = f (log x − ψ(a))`,
/// `∂f/∂x = f ((a − 1)/x − 1)`); the other derivatives have none.
public struct GammaIncGrad: BinaryScalarOp {
    /// The function differentiated.
    public let function: Special.IncompleteGammaFunction
    /// The argument it is differentiated with respect to.
    public let wrt: Special.IncompleteGammaArgument

    /// The derivative of `function` with respect to `wrt`.
    public init(_ function: Special.IncompleteGammaFunction, wrt: Special.IncompleteGammaArgument) {
        self.function = function
        self.wrt = wrt
    }

    public var name: String { "GammaIncGrad{\(function.rawValue), \(wrt.rawValue)}" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ x: Double) -> Double {
        Special.incompleteGammaDerivative(function, wrt: wrt, a, x)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        guard wrt == .x && (function == .lower || function == .upper) else {
            return x.map { _ in Variable.invalid(.unsupported("grad: \(name) has no gradient")) }
        }
        // z = ±f, f = xᵃ⁻¹ e⁻ˣ / Γ(a)
        return [gz * z * (log(x[1]) - digamma(x[0])), gz * z * ((x[0] - 1.0) / x[1] - 1.0)]
    }

    /// The gradient of `function(a, x)`: `[gz · ∂/∂a, gz · ∂/∂x]`.
    static func pullback(_ function: Special.IncompleteGammaFunction, _ x: [Variable], _ gz: Variable) -> [Variable?] {
        [gz * elemwise(GammaIncGrad(function, wrt: .a), x[0], x[1]),
         gz * elemwise(GammaIncGrad(function, wrt: .x), x[0], x[1])]
    }
}

// MARK: - Incomplete beta

/// The regularized incomplete beta function `I_x(a, b)`, elementwise (see ``Special/betainc(_:_:_:)``).
/// Gradient: `∂I/∂x = xᵃ⁻¹ (1 − x)ᵇ⁻¹ / B(a, b)`, `∂I/∂a` and `∂I/∂b` by ``BetaIncGrad``.
public struct BetaInc: TernaryScalarOp {
    public var name: String { "BetaInc" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ b: Double, _ x: Double) -> Double {
        Special.betainc(a, b, x)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        BetaIncGrad.pullback(log: false, x, gz)
    }
}

/// `log I_x(a, b)`, elementwise, finite where `I_x` underflows (see ``Special/logBetainc(_:_:_:)``).
/// Gradient: the derivatives of `I_x` divided by it, each computed without forming `I_x` (``BetaIncGrad``).
public struct LogBetaInc: TernaryScalarOp {
    public var name: String { "LogBetaInc" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ b: Double, _ x: Double) -> Double {
        Special.logBetainc(a, b, x)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        BetaIncGrad.pullback(log: true, x, gz)
    }
}

/// A partial derivative of `I_x(a, b)` or `log I_x(a, b)` with respect to `a`, `b` or `x`,
/// elementwise (see ``Special/incompleteBetaDerivative(log:wrt:_:_:_:)``): the gradient op of
/// ``BetaInc`` and ``LogBetaInc``.
///
/// The density `∂I/∂x = f` has a gradient of its own (`∂f/∂a = f (log x − ψ(a) + ψ(a + b))`,
/// `∂f/∂b = f (log(1 − x) − ψ(b) + ψ(a + b))`, `∂f/∂x = f ((a − 1)/x − (b − 1)/(1 − x))`); the
/// other derivatives have none.
public struct BetaIncGrad: TernaryScalarOp {
    /// Whether the function differentiated is `log I_x(a, b)` (else `I_x(a, b)`).
    public let log: Bool
    /// The argument it is differentiated with respect to.
    public let wrt: Special.IncompleteBetaArgument

    /// The derivative of `I_x(a, b)` (or its logarithm) with respect to `wrt`.
    public init(log: Bool, wrt: Special.IncompleteBetaArgument) {
        self.log = log
        self.wrt = wrt
    }

    public var name: String { "BetaIncGrad{\(log ? "logI" : "I"), \(wrt.rawValue)}" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ b: Double, _ x: Double) -> Double {
        Special.incompleteBetaDerivative(log: log, wrt: wrt, a, b, x)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        guard wrt == .x && !log else {
            return x.map { _ in Variable.invalid(.unsupported("grad: \(name) has no gradient")) }
        }
        let (a, b, v) = (x[0], x[1], x[2])
        let psiSum = digamma(a + b)
        return [gz * z * (Tessera.log(v) - digamma(a) + psiSum),
                gz * z * (log1p(-v) - digamma(b) + psiSum),
                gz * z * ((a - 1.0) / v - (b - 1.0) / (1.0 - v))]
    }

    /// The gradient of `I_x(a, b)` or its logarithm: `[gz · ∂/∂a, gz · ∂/∂b, gz · ∂/∂x]`.
    static func pullback(log: Bool, _ x: [Variable], _ gz: Variable) -> [Variable?] {
        [Special.IncompleteBetaArgument.a, .b, .x].map { wrt in
            gz * elemwise(BetaIncGrad(log: log, wrt: wrt), x[0], x[1], x[2])
        }
    }
}

// MARK: - Public functions

/// The regularized lower incomplete gamma function `P(a, x) = γ(a, x)/Γ(a)`, elementwise with
/// broadcasting (SciPy's `gammainc`): the CDF at `x` of a gamma distribution of shape `a`, scale 1.
///
/// ```swift
/// let cdf = gammainc(alpha, beta * x)   // Gamma(alpha, rate: beta) CDF
/// ```
/// Relative error below 2e-14 over `10⁻³ ≤ a ≤ 10⁶` (Temme's expansion near `x ≈ a`);
/// `nan` for negative arguments. Differentiable in both arguments.
public func gammainc(_ a: Variable, _ x: Variable) -> Variable { elemwise(GammaInc(), a, x) }

/// The regularized upper incomplete gamma function `Q(a, x) = 1 − P(a, x)`, elementwise with
/// broadcasting (SciPy's `gammaincc`), accurate where it is tiny: the gamma survival function, and
/// the Poisson CDF (`P(N ≤ k) = Q(k + 1, λ)`).
public func gammaincc(_ a: Variable, _ x: Variable) -> Variable { elemwise(GammaIncC(), a, x) }

/// `log P(a, x)`, elementwise with broadcasting; finite far below where `P` underflows
/// (`logGammainc(2, 1e-200) ≈ −921.7`), for log-CDFs.
public func logGammainc(_ a: Variable, _ x: Variable) -> Variable { elemwise(LogGammaInc(), a, x) }

/// `log Q(a, x)`, elementwise with broadcasting; finite far below where `Q` underflows
/// (`logGammaincc(1, 1e4) = −10⁴`), for log-survival functions.
public func logGammaincc(_ a: Variable, _ x: Variable) -> Variable { elemwise(LogGammaIncC(), a, x) }

/// The regularized incomplete beta function `I_x(a, b) = B(x; a, b)/B(a, b)`, elementwise with
/// broadcasting (SciPy's `betainc`): the CDF at `x` of a beta distribution; also behind the
/// Student-t, F and binomial CDFs.
///
/// ```swift
/// let binomialCDF = betainc(n - k, k + 1, 1.0 - p)   // P(K ≤ k), K ~ Binomial(n, p)
/// ```
/// Relative error below 1e-13 over `10⁻³ ≤ a, b ≤ 10⁵` (3e-13 where both exceed 10⁴); `nan` for
/// negative `a` or `b` and `x` outside `[0, 1]`. Differentiable in all three arguments.
public func betainc(_ a: Variable, _ b: Variable, _ x: Variable) -> Variable { elemwise(BetaInc(), a, b, x) }

/// `log I_x(a, b)`, elementwise with broadcasting; finite far below where `I_x` underflows and
/// accurate where `I_x` is close to 1, for log-CDFs.
public func logBetainc(_ a: Variable, _ b: Variable, _ x: Variable) -> Variable {
    elemwise(LogBetaInc(), a, b, x)
}
