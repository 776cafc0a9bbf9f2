import Foundation

/// The error function `erf(x) = (2/√π) ∫₀ˣ exp(−t²) dt`, elementwise.
/// Gradient: `gz · (2/√π) exp(−x²)`.
public struct Erf: UnaryScalarOp {
    public var name: String { "Erf" }
    public func cExpression(_ x: [String]) -> String? { "erf(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.erf(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz * Special.twoOverSqrtPi * exp(-(x[0] * x[0]))]
    }
}

/// The complementary error function `erfc(x) = 1 − erf(x)`, accurate where it is tiny, elementwise.
/// Gradient: `−gz · (2/√π) exp(−x²)`.
public struct Erfc: UnaryScalarOp {
    public var name: String { "Erfc" }
    public func cExpression(_ x: [String]) -> String? { "erfc(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.erfc(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [-gz * Special.twoOverSqrtPi * exp(-(x[0] * x[0]))]
    }
}

/// The scaled complementary error function `exp(x²) erfc(x)`, elementwise
/// (see ``Special/erfcx(_:)``). Gradient: `gz · (2x erfcx(x) − 2/√π)`.
public struct Erfcx: UnaryScalarOp {
    public var name: String { "Erfcx" }
    public func cExpression(_ x: [String]) -> String? { "tess_erfcx(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.erfcx(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz * (2.0 * x[0] * z - Special.twoOverSqrtPi)]
    }
}

/// The inverse error function, elementwise (see ``Special/erfinv(_:)``).
/// Gradient: `gz · (√π/2) exp(erfinv(x)²)`.
public struct Erfinv: UnaryScalarOp {
    public var name: String { "Erfinv" }
    public func cExpression(_ x: [String]) -> String? { "tess_erfinv(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.erfinv(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz * (1 / Special.twoOverSqrtPi) * exp(z * z)]
    }
}

/// `log |Γ(x)|`, elementwise (see ``Special/gammaln(_:)``). Gradient: `gz · ψ(x)`.
public struct GammaLn: UnaryScalarOp {
    public var name: String { "GammaLn" }
    public func cExpression(_ x: [String]) -> String? { "tess_gammaln(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.gammaln(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * digamma(x[0])] }
}

/// The digamma function `ψ(x) = d/dx log Γ(x)`, elementwise (see ``Special/digamma(_:)``).
/// Gradient: `gz · ψ₁(x)` (trigamma).
public struct Digamma: UnaryScalarOp {
    public var name: String { "Psi" }
    public func cExpression(_ x: [String]) -> String? { "tess_digamma(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.digamma(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * trigamma(x[0])] }
}

/// The trigamma function `ψ₁(x) = d²/dx² log Γ(x)`, elementwise (see ``Special/trigamma(_:)``).
/// Gradient: `gz · ψ₂(x)` (tetragamma).
public struct Trigamma: UnaryScalarOp {
    public var name: String { "TriGamma" }
    public func cExpression(_ x: [String]) -> String? { "tess_trigamma(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.trigamma(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * tetragamma(x[0])] }
}

/// The tetragamma function `ψ₂(x) = d³/dx³ log Γ(x)` (SciPy's `polygamma(2, x)`), elementwise
/// (see ``Special/tetragamma(_:)``): the gradient of the trigamma function, so log-densities with
/// `gammaln` have third derivatives. It has no gradient itself.
public struct Tetragamma: UnaryScalarOp {
    public var name: String { "TetraGamma" }
    public func cExpression(_ x: [String]) -> String? { "tess_tetragamma(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.tetragamma(x) }
}

/// `log |B(a, b)|`, the log of the beta function, elementwise (see ``Special/betaln(_:_:)``).
/// Gradient: `gz (ψ(a) − ψ(a + b))`, `gz (ψ(b) − ψ(a + b))`.
public struct BetaLn: BinaryScalarOp {
    public var name: String { "BetaLn" }
    public func cExpression(_ x: [String]) -> String? { "tess_betaln(\(x[0]), \(x[1]))" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ a: Double, _ b: Double) -> Double { Special.betaln(a, b) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let psiSum = digamma(x[0] + x[1])
        return [gz * (digamma(x[0]) - psiSum), gz * (digamma(x[1]) - psiSum)]
    }
}
