import Foundation

/// `x == y`, elementwise, as bool (`nan` equals nothing). No gradient.
public struct EQ: BinaryScalarOp {
    public var name: String { "EQ" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) == \(x[1]) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x == y ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `x != y`, elementwise, as bool (`nan` differs from everything). No gradient.
public struct NEQ: BinaryScalarOp {
    public var name: String { "NEQ" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) != \(x[1]) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x != y ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `x < y`, elementwise, as bool. No gradient.
public struct LT: BinaryScalarOp {
    public var name: String { "LT" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) < \(x[1]) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x < y ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `x <= y`, elementwise, as bool. No gradient.
public struct LE: BinaryScalarOp {
    public var name: String { "LE" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) <= \(x[1]) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x <= y ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `x > y`, elementwise, as bool. No gradient.
public struct GT: BinaryScalarOp {
    public var name: String { "GT" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) > \(x[1]) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x > y ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `x >= y`, elementwise, as bool. No gradient.
public struct GE: BinaryScalarOp {
    public var name: String { "GE" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) >= \(x[1]) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x >= y ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// Whether `x` is `nan`, elementwise, as bool. No gradient.
public struct IsNaN: UnaryScalarOp {
    public var name: String { "IsNan" }
    public func cExpression(_ x: [String]) -> String? { "(isnan(\(x[0])) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.isNaN ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}

/// Whether `x` is `±∞`, elementwise, as bool. No gradient.
public struct IsInf: UnaryScalarOp {
    public var name: String { "IsInf" }
    public func cExpression(_ x: [String]) -> String? { "(isinf(\(x[0])) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.isInfinite ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}

/// Whether `x` is finite (neither `±∞` nor `nan`), elementwise, as bool. No gradient.
public struct IsFinite: UnaryScalarOp {
    public var name: String { "IsFinite" }
    public func cExpression(_ x: [String]) -> String? { "(isfinite(\(x[0])) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x.isFinite ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}
