import Foundation
import RealModule

extension Special {
    /// The log-gamma function `log |Γ(x)|`.
    ///
    /// The C library's `lgamma_r` (through swift-numerics), with SciPy's conventions: `+∞` at the
    /// poles `0, −1, −2, …` and `−∞` at `x = −∞`.
    public static func gammaln(_ x: Double) -> Double {
        if x == -.infinity { return -.infinity }
        return Double.logGamma(x)
    }

    /// The Stirling-series correction `δ(x) = log Γ(x) − ((x − ½) log x − x + ½ log 2π)`, `x ≥ 10`:
    /// `δ(x) ~ Σₖ B₂ₖ / (2k(2k − 1) x²ᵏ⁻¹)` (Abramowitz & Stegun 6.1.40); eight terms give
    /// full precision at `x = 10`.
    static func stirlingCorrection(_ x: Double) -> Double {
        let r = 1 / x
        let z = r * r
        var s = -3617.0 / 122400.0
        s = s * z + 1.0 / 156.0
        s = s * z - 691.0 / 360360.0
        s = s * z + 1.0 / 1188.0
        s = s * z - 1.0 / 1680.0
        s = s * z + 1.0 / 1260.0
        s = s * z - 1.0 / 360.0
        s = s * z + 1.0 / 12.0
        return s * r
    }

    /// The log of the beta function, `log |B(a, b)| = log |Γ(a) Γ(b) / Γ(a + b)|`.
    ///
    /// With `p = min(a, b)`, `q = max(a, b)` (the scheme of R's `lbeta`, nmath/lbeta.c):
    /// - `p ≥ 10`: Stirling's formula for all three gammas, combined so nothing cancels:
    ///   `−½ log q + ½ log 2π + δ(p) + δ(q) − δ(p + q) + (p − ½) log(p/(p + q)) + q log1p(−p/(p + q))`;
    /// - `p < 10 ≤ q`: `log Γ(p) + δ(q) − δ(p + q) + p − p log(p + q) + (q − ½) log1p(−p/(p + q))`;
    /// - both below 10: `log(Γ(p) · (Γ(q) / Γ(p + q)))`.
    ///
    /// So `betaln(1, 1e300) = −log(1e300)` exactly where `gammaln(q) − gammaln(p + q)` would lose
    /// every digit. Negative non-integer arguments use the log-gamma sum; `+∞` where `a` or `b` is a
    /// pole of Γ (a non-positive integer) unless the poles of `Γ(a + b)` cancel it, `−∞` where
    /// either is `+∞`.
    public static func betaln(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        let p = Swift.min(a, b), q = Swift.max(a, b)
        if p <= 0 {
            if p == p.rounded() {  // Γ(p) has a pole
                // B(−n, b) for an integer b ≤ n is a finite limit, |B(−n, b)| = B(1 + n − b, b)
                // (as SciPy's lbeta_negint).
                if q == q.rounded() && 1 - p - q > 0 { return betaln(1 - p - q, q) }
                return .infinity
            }
            if q <= 0 && q == q.rounded() { return .infinity }
            if q == .infinity { return .nan }
            return Double.logGamma(p) + Double.logGamma(q) - Double.logGamma(p + q)
        }
        if q == .infinity { return -.infinity }
        let s = p + q
        if p >= 10 {
            let corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(s)
            return -0.5 * Foundation.log(q) + logSqrt2Pi + corr
                + (p - 0.5) * Foundation.log(p / s) + q * Foundation.log1p(-p / s)
        }
        if q >= 10 {
            let corr = stirlingCorrection(q) - stirlingCorrection(s)
            return Double.logGamma(p) + corr + p - p * Foundation.log(s) + (q - 0.5) * Foundation.log1p(-p / s)
        }
        if p < 1e-300 {  // Γ(p) would overflow
            return Double.logGamma(p) + (Double.logGamma(q) - Double.logGamma(s))
        }
        return Foundation.log(Double.gamma(p) * (Double.gamma(q) / Double.gamma(s)))
    }
}
