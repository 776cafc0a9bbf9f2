import Foundation

/// `x + y`, elementwise.
public struct Add: BinaryScalarOp {
    public var name: String { "Add" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) + \(x[1]))" }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x + y }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz, gz] }
}

/// `x - y`, elementwise.
public struct Sub: BinaryScalarOp {
    public var name: String { "Sub" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) - \(x[1]))" }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x - y }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz, -gz] }
}

/// `x * y`, elementwise.
public struct Mul: BinaryScalarOp {
    public var name: String { "Mul" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) * \(x[1]))" }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x * y }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * x[1], gz * x[0]] }
}

/// `x / y`, elementwise true division (integers give float64, as in NumPy).
public struct TrueDiv: BinaryScalarOp {
    public var name: String { "True_div" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) / \(x[1]))" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x / y }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz / x[1], -gz * z / x[1]]
    }
}

/// `-x`, elementwise.
public struct Neg: UnaryScalarOp {
    public var name: String { "Neg" }
    public func cExpression(_ x: [String]) -> String? { "(-\(x[0]))" }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { -x }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [-gz] }
}

/// `x ** y`, elementwise.
///
/// Gradient: `∂/∂x = y x^(y−1)`, `∂/∂y = log(x) x^y`. Integers raised to negative integer
/// powers truncate toward zero (NumPy refuses them).
public struct Pow: BinaryScalarOp {
    public var name: String { "Pow" }
    public func cExpression(_ x: [String]) -> String? { "pow(\(x[0]), \(x[1]))" }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz * x[1] * pow(x[0], x[1] - 1), gz * log(x[0]) * z]
    }
}

/// `x mod y` with the sign of `y`, as NumPy's `%` (`x − y ⌊x/y⌋`).
///
/// Gradient: `∂/∂x = 1`, `∂/∂y = −⌊x/y⌋`.
public struct Mod: BinaryScalarOp {
    public var name: String { "Mod" }
    public func cExpression(_ x: [String]) -> String? { "tess_mod(\(x[0]), \(x[1]))" }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return .nan }
        let r = fmod(x, y)
        return (r != 0 && (r < 0) != (y < 0)) ? r + y : r
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz, -gz * intDiv(x[0], x[1])]
    }
}

/// `⌊x / y⌋`, elementwise floor division (Python's and NumPy's `//`).
///
/// Computed as NumPy's `npy_divmod` does (from `fmod`, so `x − y (x // y)` is `x mod y`
/// exactly); division by zero gives `±∞`/`nan` for floats and 0 for integers, as NumPy.
/// Piecewise constant: no gradient.
public struct IntDiv: BinaryScalarOp {
    public var name: String { "IntDiv" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_a = \(x[0]), tess_b = \(x[1]), tess_r; "
            + "if (tess_b == 0.0) tess_r = tess_a / tess_b; else { double tess_m = fmod(tess_a, tess_b); "
            + "double tess_d = (tess_a - tess_m) / tess_b; "
            + "if (tess_m != 0.0 && ((tess_b < 0.0) != (tess_m < 0.0))) tess_d -= 1.0; "
            + "if (tess_d == 0.0) tess_r = copysign(0.0, tess_a / tess_b); "
            + "else { tess_r = floor(tess_d); if (tess_d - tess_r > 0.5) tess_r += 1.0; } } tess_r; })"
    }
    public func evaluate(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return x / y }
        let m = fmod(x, y)
        var div = (x - m) / y
        if m != 0 && (y < 0) != (m < 0) { div -= 1 }
        if div == 0 { return copysign(0, x / y) }
        var floorDiv = div.rounded(.down)
        if div - floorDiv > 0.5 { floorDiv += 1 }
        return floorDiv
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `|x|`, elementwise. Gradient: `gz · sign(x)` (0 at 0).
public struct Abs: UnaryScalarOp {
    public var name: String { "Abs" }
    public func cExpression(_ x: [String]) -> String? { "fabs(\(x[0]))" }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Swift.abs(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * sign(x[0])] }
}

/// The sign of `x`: −1, 0 or 1 (`nan` for `nan`), elementwise. Piecewise constant: no gradient.
public struct Sign: UnaryScalarOp {
    public var name: String { "Sign" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_x = \(x[0]); tess_x > 0.0 ? 1.0 : (tess_x < 0.0 ? -1.0 : tess_x); })"
    }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}

/// `x²`, elementwise. Gradient: `2x gz`.
public struct Square: UnaryScalarOp {
    public var name: String { "Sqr" }
    public func cExpression(_ x: [String]) -> String? { "({ double tess_x = \(x[0]); tess_x * tess_x; })" }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x * x }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * 2.0 * x[0]] }
}

/// `1 / x`, elementwise; integers give float64 (as PyTensor; NumPy's integer reciprocal truncates).
/// Gradient: `−gz / x²`.
public struct Reciprocal: UnaryScalarOp {
    public var name: String { "Reciprocal" }
    public func cExpression(_ x: [String]) -> String? { "(1.0 / \(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { 1 / x }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [-gz * z * z] }
}
