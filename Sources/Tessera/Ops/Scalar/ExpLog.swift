import Foundation

/// Natural exponential, elementwise.
public struct Exp: UnaryScalarOp {
    public var name: String { "Exp" }
    public func cExpression(_ x: [String]) -> String? { "exp(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.exp(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * z] }
}

/// Natural logarithm, elementwise.
public struct Log: UnaryScalarOp {
    public var name: String { "Log" }
    public func cExpression(_ x: [String]) -> String? { "log(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Foundation.log(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz / x[0]] }
}

/// Natural exponential, elementwise.
public func exp(_ x: Variable) -> Variable { elemwise(Exp(), x) }
/// Natural logarithm, elementwise.
public func log(_ x: Variable) -> Variable { elemwise(Log(), x) }
