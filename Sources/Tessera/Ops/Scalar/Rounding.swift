import Foundation

/// The largest integer `≤ x`, elementwise. Integers and booleans keep their dtype (as NumPy 2).
/// Piecewise constant: no gradient.
public struct Floor: UnaryScalarOp {
    public var name: String { "Floor" }
    public func cExpression(_ x: [String]) -> String? { "floor(\(x[0]))" }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.rounded(.down) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}

/// The smallest integer `≥ x`, elementwise. Integers and booleans keep their dtype (as NumPy 2).
/// Piecewise constant: no gradient.
public struct Ceil: UnaryScalarOp {
    public var name: String { "Ceil" }
    public func cExpression(_ x: [String]) -> String? { "ceil(\(x[0]))" }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.rounded(.up) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}

/// `x` rounded toward zero, elementwise. Integers and booleans keep their dtype (as NumPy 2).
/// Piecewise constant: no gradient.
public struct Trunc: UnaryScalarOp {
    public var name: String { "Trunc" }
    public func cExpression(_ x: [String]) -> String? { "trunc(\(x[0]))" }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.rounded(.towardZero) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}

/// `x` rounded to the nearest integer, halves to even (`round(2.5) = 2`), as NumPy's `round`
/// and `rint`. Integers keep their dtype. Piecewise constant: no gradient.
public struct RoundHalfToEven: UnaryScalarOp {
    public var name: String { "RoundHalfToEven" }
    public func cExpression(_ x: [String]) -> String? { "nearbyint(\(x[0]))" }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.rounded(.toNearestOrEven) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}
