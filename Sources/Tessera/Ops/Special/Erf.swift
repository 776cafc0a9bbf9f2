import Foundation

extension Special {
    /// The scaled complementary error function `erfcx(x) = exp(x²) erfc(x)`.
    ///
    /// It stays finite where `erfc` underflows: `erfcx(x) ~ 1/(x√π)` as `x → ∞`.
    /// - `x ≥ 12`: the asymptotic series `erfcx(x) ~ 1/(x√π) Σₙ (−1)ⁿ (2n − 1)!! / (2x²)ⁿ`
    ///   (Abramowitz & Stegun 7.1.23), summed until its terms fall below the last bit;
    ///   at `x = 12` the terms shrink at least 18-fold each after the tenth.
    /// - `0 ≤ x < 12`: `exp(x²) erfc(x)` directly, with `exp(x²)` free of the rounding of `x²`.
    /// - `x < 0`: `2 exp(x²) − erfcx(−x)` (A&S 7.1.2); `+∞` once `exp(x²)` overflows.
    public static func erfcx(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 {
            if x < -26.7 { return .infinity }
            return 2 * expSquared(x) - erfcx(-x)
        }
        if x < 12 { return expSquared(x) * Foundation.erfc(x) }
        let u = 1 / (2 * x * x)  // 0 when x² overflows: the series is then just 1
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        while n < 60 {
            term *= -(2 * n - 1) * u
            sum += term
            if Swift.abs(term) < 1e-17 * sum { break }
            n += 1
        }
        return oneOverSqrtPi * sum / x
    }

    /// The inverse error function: `erfinv(erf(y)) = y` for `x ∈ [−1, 1]`.
    ///
    /// Starts from Giles' single-precision approximation (M. Giles, "Approximating the erfinv
    /// function", GPU Computing Gems Jade, 2011, §3) and refines it with Halley steps on
    /// `erf(y) − x` (`|x| ≤ 1/2`) or Newton steps on `log erfc(y) − log(1 − |x|)` (`|x| > 1/2`,
    /// where `1 − |x|` is exact), so arguments such as `1 − 10⁻¹⁵` keep full relative precision.
    ///
    /// `erfinv(±1) = ±∞`; `nan` outside `[−1, 1]`.
    public static func erfinv(_ x: Double) -> Double {
        if x.isNaN || Swift.abs(x) > 1 { return .nan }
        if x == 0 { return x }  // keeps the sign of zero
        let a = Swift.abs(x)
        if a == 1 { return x * .infinity }
        let nearOne = a > 0.5
        let q = 1 - a  // exact when a > 1/2 (Sterbenz)
        // w = −log((1 − a)(1 + a))
        var w = nearOne ? -(Foundation.log(q) + Foundation.log1p(a)) : -Foundation.log1p(-a * a)
        var p: Double
        if w < 5 {
            w -= 2.5
            p = 2.81022636e-08
            p = 3.43273939e-07 + p * w
            p = -3.5233877e-06 + p * w
            p = -4.39150654e-06 + p * w
            p = 0.00021858087 + p * w
            p = -0.00125372503 + p * w
            p = -0.00417768164 + p * w
            p = 0.246640727 + p * w
            p = 1.50140941 + p * w
        } else {
            w = w.squareRoot() - 3
            p = -0.000200214257
            p = 0.000100950558 + p * w
            p = 0.00134934322 + p * w
            p = -0.00367342844 + p * w
            p = 0.00573950773 + p * w
            p = -0.0076224613 + p * w
            p = 0.00943887047 + p * w
            p = 1.00167406 + p * w
            p = 2.83297682 + p * w
        }
        var y = p * a
        if nearOne {
            // Newton on G(y) = log erfc(y) − log(1 − a), nearly linear in y² where erfc is tiny,
            // so it also converges from the cruder guesses beyond Giles' range (1 − a < 10⁻⁷).
            let logQ = Foundation.log(q)
            for _ in 0..<12 {
                let e = Foundation.erfc(y)
                let g = Foundation.log(e) - logQ
                let step = -g * e / (twoOverSqrtPi * Foundation.exp(-y * y))  // G / G′
                y -= step
                if Swift.abs(step) <= 1e-16 * y { break }
            }
        } else {
            // Halley on F(y) = erf(y) − a, F′ = (2/√π) exp(−y²), F″ = −2y F′:
            // y ← y − t / (1 + y t), t = F / F′.
            for _ in 0..<4 {
                let t = (Foundation.erf(y) - a) / (twoOverSqrtPi * Foundation.exp(-y * y))
                let step = t / (1 + y * t)
                y -= step
                if Swift.abs(step) <= 1e-17 * y { break }
            }
        }
        return x < 0 ? -y : y
    }
}
