import Foundation

// The modified Bessel functions of the first kind of orders 0 and 1, plain and exponentially
// scaled (SciPy's `i0`, `i1`, `i0e`, `i1e`; the von Mises density needs `log I₀(κ) = κ + log i0e(κ)`).
// Kernels in `Special` (Ops/Special/Bessel.swift).

/// `I₀(x)`, elementwise (see ``Special/i0(_:)``). Gradient: `gz · I₁(x)`.
public struct I0: UnaryScalarOp {
    public var name: String { "I0" }
    public func cExpression(_ x: [String]) -> String? { "tess_i0(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.i0(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [gz * i1(x[0])] }
}

/// `I₁(x)`, elementwise (see ``Special/i1(_:)``). Gradient: `gz · (I₀(x) − I₁(x)/x)`, `gz/2` at 0.
public struct I1: UnaryScalarOp {
    public var name: String { "I1" }
    public func cExpression(_ x: [String]) -> String? { "tess_i1(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.i1(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let isZero = x[0] .== 0.0
        let safe = `where`(isZero, 1.0, x[0])
        return [gz * `where`(isZero, 0.5, i0(x[0]) - z / safe)]
    }
}

/// `e^{−|x|} I₀(x)`, elementwise (see ``Special/i0e(_:)``). Gradient: `gz · (i1e(x) − sign(x) i0e(x))`.
public struct I0e: UnaryScalarOp {
    public var name: String { "I0e" }
    public func cExpression(_ x: [String]) -> String? { "tess_i0e(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.i0e(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        [gz * (i1e(x[0]) - sign(x[0]) * z)]
    }
}

/// `e^{−|x|} I₁(x)`, elementwise (see ``Special/i1e(_:)``).
/// Gradient: `gz · (i0e(x) − i1e(x)(sign(x) + 1/x))`, `gz/2` at 0.
public struct I1e: UnaryScalarOp {
    public var name: String { "I1e" }
    public func cExpression(_ x: [String]) -> String? { "tess_i1e(\(x[0]))" }
    @inline(__always) public func evaluate(_ x: Double) -> Double { Special.i1e(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        let isZero = x[0] .== 0.0
        let safe = `where`(isZero, 1.0, x[0])
        return [gz * `where`(isZero, 0.5, i0e(x[0]) - z * (sign(x[0]) + 1.0 / safe))]
    }
}

/// The modified Bessel function of the first kind of order 0, `I₀(x)`, elementwise (SciPy's `i0`).
///
/// ```swift
/// i0(1.0)   // 1.2660658777520082
/// ```
public func i0(_ x: Variable) -> Variable { elemwise(I0(), x) }

/// The modified Bessel function of the first kind of order 1, `I₁(x)`, elementwise (SciPy's `i1`).
public func i1(_ x: Variable) -> Variable { elemwise(I1(), x) }

/// The exponentially scaled Bessel function `e^{−|x|} I₀(x)`, elementwise (SciPy's `i0e`): finite
/// where `I₀` overflows, so `log I₀(x) = |x| + log(i0e(x))` holds for every `x`.
public func i0e(_ x: Variable) -> Variable { elemwise(I0e(), x) }

/// The exponentially scaled Bessel function `e^{−|x|} I₁(x)`, elementwise (SciPy's `i1e`).
public func i1e(_ x: Variable) -> Variable { elemwise(I1e(), x) }
