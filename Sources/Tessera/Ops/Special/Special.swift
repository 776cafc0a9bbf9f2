import Foundation

/// Special functions on `Double`: the kernels behind Tessera's elementwise special-function ops.
///
/// Each is accurate to a few units in the last place over its whole domain, extreme
/// arguments included, and follows SciPy's conventions at poles and infinities.
///
/// ```swift
/// Special.digamma(1)      // -0.5772156649015329 (−γ)
/// Special.erfcx(1e5)      // 5.641895835193228e-06
/// ```
public enum Special {
    /// `log(√(2π))`.
    static let logSqrt2Pi = 0.918938533204672741780329736406
    /// `2/√π`.
    static let twoOverSqrtPi = 1.128379167095512573896158903121545
    /// `1/√π`.
    static let oneOverSqrtPi = 0.564189583547756286948079451560772

    /// `cot(πx)`, with the argument reduced exactly first so it stays accurate for large `x`
    /// and near the integers (where it has its poles).
    static func cotPi(_ x: Double) -> Double {
        let r = x - x.rounded()  // exact: r ∈ [-1/2, 1/2]
        return Foundation.cos(.pi * r) / Foundation.sin(.pi * r)
    }

    /// `sin(πx)`, with the argument reduced exactly first.
    static func sinPi(_ x: Double) -> Double {
        let n = x.rounded()
        let r = x - n  // exact
        let s = Foundation.sin(.pi * r)
        // sin(π(n + r)) = (−1)ⁿ sin(πr)
        return n.truncatingRemainder(dividingBy: 2) == 0 ? s : -s
    }

    /// `cos(πx)`, with the argument reduced exactly first; exactly 0 at the half-integers.
    static func cosPi(_ x: Double) -> Double {
        let n = x.rounded()
        // cos(πr) = sin(π(½ − |r|)), |r| ≤ ½; ½ − |r| is exact.
        let c = Foundation.sin(.pi * (0.5 - abs(x - n)))
        // cos(π(n + r)) = (−1)ⁿ cos(πr)
        return n.truncatingRemainder(dividingBy: 2) == 0 ? c : -c
    }

    /// `exp(x²)` without the error of rounding `x²` first: `x² = p + e` exactly (an FMA gives `e`),
    /// and `exp(p + e) = exp(p)(1 + e)` to double precision since `|e| ≤ ulp(p)/2`.
    static func expSquared(_ x: Double) -> Double {
        let p = x * x
        let e = (-p).addingProduct(x, x)
        let ep = Foundation.exp(p)
        return ep.isFinite ? ep + ep * e : ep
    }
}
