import Foundation

extension Special {
    /// The logistic sigmoid `1 / (1 + exp(−x))`, without overflow for either sign of `x`.
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }

    /// The log-odds `log(p / (1 − p))`, the inverse of ``sigmoid(_:)``.
    ///
    /// Near `p = ½`, where `p/(1 − p)` is close to 1, it is `log1p(2(p − ½)) − log1p(−2(p − ½))`
    /// (as SciPy's `logit`, which keeps full relative precision around the root).
    public static func logit(_ p: Double) -> Double {
        if p < 0.3 || p > 0.65 { return Foundation.log(p / (1 - p)) }
        let s = 2 * (p - 0.5)
        return Foundation.log1p(s) - Foundation.log1p(-s)
    }

    /// `log(1 + exp(x))` (softplus), accurate for every `x`: `x + log1p(exp(−x))` for `x > 0`,
    /// `log1p(exp(x))` otherwise (NumPy's `logaddexp(0, x)`), so `log1pexp(800) = 800` and
    /// `log1pexp(−800) = exp(−800)`.
    public static func log1pexp(_ x: Double) -> Double {
        x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
    }

    /// `log(1 − exp(x))` for `x ≤ 0`, accurate for every `x`: `log(−expm1(x))` for `x > −log 2`,
    /// `log1p(−exp(x))` otherwise (M. Mächler, "Accurately computing log(1 − exp(−|a|))", 2012, eq. 7).
    ///
    /// `log1mexp(0) = −∞`, `log1mexp(−∞) = 0`, `nan` for `x > 0`.
    public static func log1mexp(_ x: Double) -> Double {
        x > -M_LN2 ? Foundation.log(-Foundation.expm1(x)) : Foundation.log1p(-Foundation.exp(x))
    }

    /// `log(exp(a) + exp(b))` without overflow or underflow, as NumPy's `logaddexp`:
    /// `max + log1p(exp(−|a − b|))`, with `a == b` (infinities included) giving `a + log 2`.
    public static func logaddexp(_ a: Double, _ b: Double) -> Double {
        if a == b { return a + M_LN2 }
        let d = a - b
        if d > 0 { return a + Foundation.log1p(Foundation.exp(-d)) }
        if d <= 0 { return b + Foundation.log1p(Foundation.exp(d)) }
        return d  // nan
    }
}
