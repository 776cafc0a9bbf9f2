import Foundation

/// Natural exponential, elementwise.
public struct Exp: UnaryScalarOp {
    public var name: String { "Exp" }
    public func cExpression(_ x: [String]) -> String? { "tess_exp(\(x[0]))" }  // CPrelude: inline in long loops
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.exp(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * z] }
}

/// `2^x`, elementwise. Gradient: `gz · 2^x · log 2`.
public struct Exp2: UnaryScalarOp {
    public var name: String { "Exp2" }
    public func cExpression(_ x: [String]) -> String? { "exp2(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.exp2(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * z * M_LN2] }
}

/// `exp(x) − 1`, accurate for small `x`, elementwise. Gradient: `gz · exp(x)`.
public struct Expm1: UnaryScalarOp {
    public var name: String { "Expm1" }
    public func cExpression(_ x: [String]) -> String? { "expm1(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.expm1(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * (z + 1.0)] }
}

/// Natural logarithm, elementwise.
public struct Log: UnaryScalarOp {
    public var name: String { "Log" }
    public func cExpression(_ x: [String]) -> String? { "tess_log(\(x[0]))" }  // CPrelude: inline in long loops
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.log(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz / x[0]] }
}

/// Base-2 logarithm, elementwise. Gradient: `gz / (x log 2)`.
public struct Log2: UnaryScalarOp {
    public var name: String { "Log2" }
    public func cExpression(_ x: [String]) -> String? { "log2(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.log2(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz / (x[0] * M_LN2)] }
}

/// Base-10 logarithm, elementwise. Gradient: `gz / (x log 10)`.
public struct Log10: UnaryScalarOp {
    public var name: String { "Log10" }
    public func cExpression(_ x: [String]) -> String? { "log10(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.log10(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz / (x[0] * M_LN10)] }
}

/// `log(1 + x)`, accurate for small `x`, elementwise. Gradient: `gz / (1 + x)`.
public struct Log1p: UnaryScalarOp {
    public var name: String { "Log1p" }
    public func cExpression(_ x: [String]) -> String? { "tess_log1p(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.log1p(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz / (x[0] + 1.0)] }
}

/// `√x`, elementwise (`nan` for negative `x`). Gradient: `gz / (2√x)`.
public struct Sqrt: UnaryScalarOp {
    public var name: String { "Sqrt" }
    public func cExpression(_ x: [String]) -> String? { "sqrt(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.squareRoot() }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * 0.5 / z] }
}

/// The logistic sigmoid `1 / (1 + exp(−x))` (SciPy's `expit`), elementwise.
/// Gradient: `gz · σ(x)(1 − σ(x))`.
public struct Sigmoid: UnaryScalarOp {
    public var name: String { "Sigmoid" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_x = \(x[0]), tess_e = tess_exp(-fabs(tess_x)); "
            + "tess_x >= 0.0 ? 1.0 / (1.0 + tess_e) : tess_e / (1.0 + tess_e); })"
    }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.sigmoid(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * z * (1.0 - z)] }
}

/// The log-odds `log(p / (1 − p))`, the inverse of the sigmoid, elementwise.
/// Gradient: `gz / (p(1 − p))`.
public struct Logit: UnaryScalarOp {
    public var name: String { "Logit" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_x = \(x[0]); (tess_x < 0.3 || tess_x > 0.65) ? log(tess_x / (1.0 - tess_x)) "
            + ": log1p(2.0 * (tess_x - 0.5)) - log1p(-2.0 * (tess_x - 0.5)); })"
    }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.logit(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz / (x[0] * (1.0 - x[0]))]
    }
}

/// `log(1 + exp(x))` (softplus, `log1pexp`), stable for large `|x|`, elementwise.
/// Gradient: `gz · σ(x)`.
public struct Softplus: UnaryScalarOp {
    public var name: String { "Softplus" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_x = \(x[0]); (tess_x > 0.0 ? tess_x : 0.0) + tess_log1p(tess_exp(-fabs(tess_x))); })"
    }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.log1pexp(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * sigmoid(x[0])] }
}

/// `log(1 − exp(x))` for `x ≤ 0`, stable near 0 and for large `−x`, elementwise.
/// Gradient: `−gz / expm1(−x)`.
public struct Log1mexp: UnaryScalarOp {
    public var name: String { "Log1mexp" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_x = \(x[0]); tess_x > -0.6931471805599453 ? log(-expm1(tess_x)) "
            + ": log1p(-exp(tess_x)); })"
    }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.log1mexp(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [-gz / expm1(-x[0])] }
}

/// `log(exp(a) + exp(b))`, stable, elementwise. Gradient: `gz · exp(a − z)`, `gz · exp(b − z)`.
public struct LogAddExp: BinaryScalarOp {
    public var name: String { "LogAddExp" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_a = \(x[0]), tess_b = \(x[1]), tess_d = tess_a - tess_b; "
            + "tess_a == tess_b ? tess_a + 0.6931471805599453 : (tess_d > 0.0 ? tess_a + log1p(exp(-tess_d)) "
            + ": (tess_d <= 0.0 ? tess_b + log1p(exp(tess_d)) : tess_d)); })"
    }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { Special.logaddexp(x, y) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz * exp(x[0] - z), gz * exp(x[1] - z)]
    }
}
