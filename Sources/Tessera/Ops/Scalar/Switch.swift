import Foundation

/// `cond ? a : b`, elementwise (NumPy's `where`, PyTensor's `switch`); a nonzero `cond` is true.
///
/// The dtype is that of `a` and `b` promoted (``where(_:_:_:)`` makes `cond` bool first, so it
/// takes no part). Gradient: to `a` where `cond` holds, to `b` elsewhere; none to `cond`.
public struct Switch: TernaryScalarOp {
    public var name: String { "Switch" }
    public func cExpression(_ x: [String]) -> String? { "(\(x[0]) != 0.0 ? \(x[1]) : \(x[2]))" }
    @inline(__always) public func evaluate(_ cond: Double, _ a: Double, _ b: Double) -> Double {
        cond != 0 ? a : b
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [nil, `where`(x[0], gz, 0), `where`(x[0], 0, gz)]
    }
}
