import Foundation

/// Sine (radians), elementwise. Gradient: `gz · cos(x)`.
public struct Sin: UnaryScalarOp {
    public var name: String { "Sin" }
    public func cExpression(_ x: [String]) -> String? { "sin(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.sin(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * cos(x[0])] }
}

/// Cosine (radians), elementwise. Gradient: `−gz · sin(x)`.
public struct Cos: UnaryScalarOp {
    public var name: String { "Cos" }
    public func cExpression(_ x: [String]) -> String? { "cos(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.cos(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [-gz * sin(x[0])] }
}

/// Tangent (radians), elementwise. Gradient: `gz (1 + tan²x)`.
public struct Tan: UnaryScalarOp {
    public var name: String { "Tan" }
    public func cExpression(_ x: [String]) -> String? { "tan(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.tan(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * (1.0 + z * z)] }
}

/// Inverse sine, elementwise. Gradient: `gz / √(1 − x²)`.
public struct Arcsin: UnaryScalarOp {
    public var name: String { "ArcSin" }
    public func cExpression(_ x: [String]) -> String? { "asin(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.asin(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz / sqrt(1.0 - x[0] * x[0])]
    }
}

/// Inverse cosine, elementwise. Gradient: `−gz / √(1 − x²)`.
public struct Arccos: UnaryScalarOp {
    public var name: String { "ArcCos" }
    public func cExpression(_ x: [String]) -> String? { "acos(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.acos(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [-gz / sqrt(1.0 - x[0] * x[0])]
    }
}

/// Inverse tangent, elementwise. Gradient: `gz / (1 + x²)`.
public struct Arctan: UnaryScalarOp {
    public var name: String { "ArcTan" }
    public func cExpression(_ x: [String]) -> String? { "atan(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.atan(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz / (1.0 + x[0] * x[0])]
    }
}

/// The angle of the point `(x, y)`, `atan2(y, x)` in `(−π, π]`, elementwise (operands `y`, `x`).
/// Gradient: `gz · x / (x² + y²)` for `y`, `−gz · y / (x² + y²)` for `x`.
public struct Arctan2: BinaryScalarOp {
    public var name: String { "ArcTan2" }
    public func cExpression(_ x: [String]) -> String? { "atan2(\(x[0]), \(x[1]))" }
    public var dtypeRule: DTypeRule { .float }
    @inline(__always) public func evaluate(_ y: Double, _ x: Double) -> Double { Foundation.atan2(y, x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let r2 = x[0] * x[0] + x[1] * x[1]
        return [gz * x[1] / r2, -gz * x[0] / r2]
    }
}

/// Hyperbolic sine, elementwise. Gradient: `gz · cosh(x)`.
public struct Sinh: UnaryScalarOp {
    public var name: String { "Sinh" }
    public func cExpression(_ x: [String]) -> String? { "sinh(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.sinh(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * cosh(x[0])] }
}

/// Hyperbolic cosine, elementwise. Gradient: `gz · sinh(x)`.
public struct Cosh: UnaryScalarOp {
    public var name: String { "Cosh" }
    public func cExpression(_ x: [String]) -> String? { "cosh(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.cosh(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * sinh(x[0])] }
}

/// Hyperbolic tangent, elementwise. Gradient: `gz (1 − tanh²x)`.
public struct Tanh: UnaryScalarOp {
    public var name: String { "Tanh" }
    public func cExpression(_ x: [String]) -> String? { "tanh(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.tanh(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * (1.0 - z * z)] }
}

/// Inverse hyperbolic sine, elementwise. Gradient: `gz / √(x² + 1)`.
public struct Arcsinh: UnaryScalarOp {
    public var name: String { "ArcSinh" }
    public func cExpression(_ x: [String]) -> String? { "asinh(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.asinh(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz / sqrt(x[0] * x[0] + 1.0)]
    }
}

/// Inverse hyperbolic cosine (`x ≥ 1`), elementwise. Gradient: `gz / √(x² − 1)`.
public struct Arccosh: UnaryScalarOp {
    public var name: String { "ArcCosh" }
    public func cExpression(_ x: [String]) -> String? { "acosh(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.acosh(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz / sqrt(x[0] * x[0] - 1.0)]
    }
}

/// Inverse hyperbolic tangent (`|x| < 1`), elementwise. Gradient: `gz / (1 − x²)`.
public struct Arctanh: UnaryScalarOp {
    public var name: String { "ArcTanh" }
    public func cExpression(_ x: [String]) -> String? { "atanh(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.atanh(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz / (1.0 - x[0] * x[0])]
    }
}
