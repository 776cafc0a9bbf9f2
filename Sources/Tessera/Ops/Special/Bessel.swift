import Foundation

extension Special {
    /// The modified Bessel function of the first kind of order 0, `I₀(x) = Σₖ (x²/4)ᵏ / (k!)²`.
    ///
    /// Even; `+∞` once the value overflows (`|x| > 713.98…`). See ``i0e(_:)`` for the method.
    public static func i0(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let a = Swift.abs(x)
        if a <= besselSeriesLimit { return besselSeries(a, order: 0) }
        if a == .infinity { return .infinity }
        return besselExpScaled(a) * besselAsymptotic(a, order: 0)
    }

    /// The modified Bessel function of the first kind of order 1, `I₁(x) = (x/2) Σₖ (x²/4)ᵏ / (k!(k + 1)!)`.
    ///
    /// Odd; `±∞` once the value overflows. See ``i0e(_:)`` for the method.
    public static func i1(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let a = Swift.abs(x)
        if a == .infinity { return x }
        let v = a <= besselSeriesLimit ? besselSeries(a, order: 1) : besselExpScaled(a) * besselAsymptotic(a, order: 1)
        return x < 0 ? -v : v
    }

    /// The exponentially scaled modified Bessel function of order 0, `i0e(x) = e^{−|x|} I₀(x)`
    /// (SciPy's `i0e`): finite for every `x`, `~ 1/√(2π|x|)` for large `|x|`.
    ///
    /// For `|x| ≤ 20` the power series `I₀(x) = Σₖ (x²/4)ᵏ/(k!)²` (Abramowitz & Stegun 9.6.10), whose
    /// terms are all positive, so the sum keeps full relative precision; beyond, Hankel's asymptotic
    /// expansion `I_ν(x) ~ eˣ/√(2πx) Σₖ (−1)ᵏ aₖ(ν)/xᵏ` with `aₖ(ν) = Πⱼ₌₁ᵏ (4ν² − (2j − 1)²)/(k! 8ᵏ)`
    /// (A&S 9.7.1), which at `x > 20` reaches 10⁻¹⁷ before its terms start to grow. Both are within
    /// 2·10⁻¹⁵ relative of 40-digit values (mpmath) over the whole line.
    public static func i0e(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let a = Swift.abs(x)
        if a <= besselSeriesLimit { return besselSeries(a, order: 0) * Foundation.exp(-a) }
        return besselAsymptotic(a, order: 0) / (2 * Double.pi * a).squareRoot()
    }

    /// The exponentially scaled modified Bessel function of order 1, `i1e(x) = e^{−|x|} I₁(x)`
    /// (SciPy's `i1e`), odd. The method is that of ``i0e(_:)``.
    public static func i1e(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let a = Swift.abs(x)
        let v = a <= besselSeriesLimit
            ? besselSeries(a, order: 1) * Foundation.exp(-a)
            : besselAsymptotic(a, order: 1) / (2 * Double.pi * a).squareRoot()
        return x < 0 ? -v : v
    }

    /// Where the Bessel functions switch from the power series to the asymptotic expansion.
    static let besselSeriesLimit = 20.0

    /// `I_ν(x)` for `ν ∈ {0, 1}` and `0 ≤ x ≤ 20` by its power series (A&S 9.6.10): at most 45 terms.
    static func besselSeries(_ x: Double, order nu: Int) -> Double {
        let y = 0.25 * x * x
        var term = nu == 0 ? 1.0 : 0.5 * x
        var sum = term
        var k = 0.0
        while k < 100 {
            k += 1
            term *= y / (k * (k + Double(nu)))
            sum += term
            if term <= 1e-17 * sum { break }
        }
        return sum
    }

    /// `Σₖ (−1)ᵏ aₖ(ν)/xᵏ` of Hankel's expansion (A&S 9.7.1) for `ν ∈ {0, 1}` and `x > 20`, summed
    /// until the terms fall below the last bit (25 terms at `x = 20`, fewer beyond; `1` at `x = ∞`).
    static func besselAsymptotic(_ x: Double, order nu: Int) -> Double {
        let mu = Double(4 * nu * nu)
        var term = 1.0
        var sum = 1.0
        var k = 1.0
        while k < 60 {
            let m = 2 * k - 1
            term *= (m * m - mu) / (8 * k * x)
            sum += term
            if Swift.abs(term) < 1e-17 * Swift.abs(sum) { break }
            k += 1
        }
        return sum
    }

    /// `eˣ/√(2πx)` for `x > 20`, formed as `(e^{x/2}/√(2πx))·e^{x/2}` so that it does not overflow
    /// before the result does.
    static func besselExpScaled(_ x: Double) -> Double {
        let half = Foundation.exp(0.5 * x)
        return half / (2 * Double.pi * x).squareRoot() * half
    }
}
