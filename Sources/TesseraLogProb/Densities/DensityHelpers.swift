import Foundation
import Tessera

// Small graph builders shared by the densities. Each keeps the branches that `where` does not
// select finite (evaluated at a harmless point), so gradients carry no NaN from them.

/// `log(2π)`.
let log2Pi = Foundation.log(2 * Double.pi)
/// `log π`.
let logPi = Foundation.log(Double.pi)

/// The constant `−∞`.
func minusInfinity() -> Variable { constant(NDArray(-Double.infinity)) }

/// The constant `nan`.
func notANumber() -> Variable { constant(NDArray(Double.nan)) }

/// `lp` where `inSupport` holds, `−∞` elsewhere.
func restricted(_ lp: Variable, to inSupport: Variable) -> Variable {
    `where`(inSupport, lp, minusInfinity())
}

/// `x` where `ok` holds, `fill` elsewhere: an argument made safe for a branch that `ok` selects.
func safe(_ x: Variable, _ ok: Variable, _ fill: Variable) -> Variable {
    `where`(ok, x, fill)
}

/// `lp` passed through one ``checkParameters(_:_:message:)`` per condition, so that a failure names
/// its own parameter (`"gamma: beta > 0"`).
func checked(_ lp: Variable, _ checks: [(Variable, String)]) -> Variable {
    checks.reduce(lp) { checkParameters($0, [$1.0], message: $1.1) }
}

/// `x log y`, with `0` where `x = 0` (also at `y = 0`), as SciPy's `xlogy`.
func xlogy(_ x: Variable, _ y: Variable) -> Variable {
    let zero = x .== 0.0
    return `where`(zero, 0.0, x * log(safe(y, logicalNot(zero), 1.0)))
}

/// `x log(1 + y)`, with `0` where `x = 0` (also at `y = −1`), as SciPy's `xlog1py`.
func xlog1py(_ x: Variable, _ y: Variable) -> Variable {
    let zero = x .== 0.0
    return `where`(zero, 0.0, x * log1p(safe(y, logicalNot(zero), 0.0)))
}

/// `log(1 + t²)` without overflow: `2 log|t| + log1p(1/t²)` for `|t| > 1`.
func log1pSquare(_ t: Variable) -> Variable {
    let big = abs(t) .> 1.0
    let tb = safe(t, big, 2.0), ts = safe(t, logicalNot(big), 0.0)
    return `where`(big, 2.0 * log(abs(tb)) + log1p(1.0 / (tb * tb)), log1p(ts * ts))
}

/// Whether `v` is a whole number.
func isWhole(_ v: Variable) -> Variable { v .== floor(v) }

/// Whether `q` is a probability, `0 ≤ q ≤ 1`.
func isProbability(_ q: Variable) -> Variable { logicalAnd(q .>= 0.0, q .<= 1.0) }

/// A quantile `x` where `q` is a probability, `nan` elsewhere.
func quantile(_ x: Variable, at q: Variable) -> Variable {
    `where`(isProbability(q), x, notANumber())
}

/// `q` made safe for a quantile formula (`½` where it is not a probability).
func safeProbability(_ q: Variable) -> Variable { safe(q, isProbability(q), 0.5) }

/// The dimension `k` of the last axis of `x`, statically when known, as a float64 scalar.
func lastDimension(_ x: Variable) -> Variable {
    if let k = x.staticShape.last, let k { return constant(NDArray(Double(k))) }
    return cast(shape(x)[-1], to: .float64)
}

/// `0, 1, …, k − 1` for `k` the length of `x`'s last axis (int64).
func lastAxisRange(_ x: Variable) -> Variable {
    if let k = x.staticShape.last, let k { return arange(k) }
    return arange(0, shape(x)[-1])
}
