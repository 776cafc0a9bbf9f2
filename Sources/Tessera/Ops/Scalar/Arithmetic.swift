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
public struct Pow: BinaryScalarOp {
    public var name: String { "Pow" }
    public func cExpression(_ x: [String]) -> String? { "pow(\(x[0]), \(x[1]))" }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

/// `x mod y` with the sign of `y`, as NumPy's `%`.
public struct Mod: BinaryScalarOp {
    public var name: String { "Mod" }
    public func cExpression(_ x: [String]) -> String? { "tess_mod(\(x[0]), \(x[1]))" }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return .nan }
        let r = fmod(x, y)
        return (r != 0 && (r < 0) != (y < 0)) ? r + y : r
    }
}
