import Foundation

// Logical ops read any number as a truth value, nonzero (and `nan`) being true, as NumPy's
// `logical_and` & co.; they give bool and have no gradient.

/// `x AND y`, elementwise, as bool (nonzero is true).
public struct LogicalAnd: BinaryScalarOp {
    public var name: String { "AND" }
    public func cExpression(_ x: [String]) -> String? { "((\(x[0]) != 0.0 && \(x[1]) != 0.0) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x != 0 && y != 0 ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `x OR y`, elementwise, as bool (nonzero is true).
public struct LogicalOr: BinaryScalarOp {
    public var name: String { "OR" }
    public func cExpression(_ x: [String]) -> String? { "((\(x[0]) != 0.0 || \(x[1]) != 0.0) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { x != 0 || y != 0 ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `x XOR y`, elementwise, as bool (nonzero is true).
public struct LogicalXor: BinaryScalarOp {
    public var name: String { "XOR" }
    public func cExpression(_ x: [String]) -> String? { "(((\(x[0]) != 0.0) != (\(x[1]) != 0.0)) ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { (x != 0) != (y != 0) ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// `NOT x`, elementwise, as bool (nonzero is true).
public struct LogicalNot: UnaryScalarOp {
    public var name: String { "Not" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) == 0.0 ? 1.0 : 0.0)" }
    public var dtypeRule: DTypeRule { .bool }
    @inline(__always) public func evaluate(_ x: Double) -> Double { x == 0 ? 1 : 0 }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil] }
}
