import Foundation

/// The larger of `x` and `y`, elementwise; `nan` if either is `nan` (NumPy's `maximum`).
///
/// Gradient: to `x` where `max(x, y) == x`, else to `y`; on ties all of it goes to `x`
/// (as PyTensor).
public struct Maximum: BinaryScalarOp {
    public var name: String { "Maximum" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_a = \(x[0]), tess_b = \(x[1]); "
            + "(isnan(tess_a) || isnan(tess_b)) ? NAN : (tess_a >= tess_b ? tess_a : tess_b); })"
    }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN { return .nan }
        return x >= y ? x : y
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let first = eq(z, x[0])
        return [`where`(first, gz, 0), `where`(first, 0, gz)]
    }
}

/// The smaller of `x` and `y`, elementwise; `nan` if either is `nan` (NumPy's `minimum`).
///
/// Gradient: to `x` where `min(x, y) == x`, else to `y`; on ties all of it goes to `x`
/// (as PyTensor).
public struct Minimum: BinaryScalarOp {
    public var name: String { "Minimum" }
    public func cExpression(_ x: [String]) -> String? {
        "({ double tess_a = \(x[0]), tess_b = \(x[1]); "
            + "(isnan(tess_a) || isnan(tess_b)) ? NAN : (tess_a <= tess_b ? tess_a : tess_b); })"
    }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN { return .nan }
        return x <= y ? x : y
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let first = eq(z, x[0])
        return [`where`(first, gz, 0), `where`(first, 0, gz)]
    }
}

/// `x` limited to `[lo, hi]`, elementwise: `min(max(x, lo), hi)`, as NumPy's `clip`
/// (`hi` wins when `lo > hi`; `nan` propagates).
///
/// Gradient (as PyTensor): to `x` where `lo ≤ x ≤ hi`, to `lo` where `x < lo`, to `hi` where `x > hi`.
public struct Clip: TernaryScalarOp {
    public var name: String { "Clip" }
    public func cExpression(_ x: [String]) -> String? {
        Minimum().cExpression([Maximum().cExpression([x[0], x[1]])!, x[2]])
    }
    @inline(__always) public func evaluate(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
        Minimum().evaluate(Maximum().evaluate(x, lo), hi)
    }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let inside = logicalAnd(ge(x[0], x[1]), le(x[0], x[2]))
        return [`where`(inside, gz, 0), `where`(lt(x[0], x[1]), gz, 0), `where`(gt(x[0], x[2]), gz, 0)]
    }
}
