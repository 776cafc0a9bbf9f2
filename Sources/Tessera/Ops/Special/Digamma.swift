import Foundation

extension Special {
    /// The digamma function `ψ(x) = d/dx log Γ(x)`.
    ///
    /// For `x ≥ 10` the asymptotic series
    /// ```
    /// ψ(x) ~ log x − 1/(2x) − Σₖ B₂ₖ / (2k x²ᵏ)
    /// ```
    /// (Abramowitz & Stegun 6.3.18); below it the recurrence `ψ(x) = ψ(x + 1) − 1/x` (A&S 6.3.5);
    /// for negative `x` the reflection `ψ(x) = ψ(1 − x) − π cot(πx)` (A&S 6.3.7) with `cot(πx)`
    /// computed after exact argument reduction, so values near the poles keep full precision.
    /// Near the positive root `x₀ = 1.4616…` and the first negative root `−0.5040…`, where the
    /// above would cancel, the Taylor series `ψ(x₀ + t) = Σₖ (−1)ᵏ⁺¹ ζ(k + 1, x₀) tᵏ` with
    /// Hurwitz-zeta coefficients (computed with mpmath to 50 digits) keeps the relative accuracy.
    ///
    /// Conventions (as SciPy's `psi`): `ψ(+0) = −∞`, `ψ(−0) = +∞`, `ψ(−n) = nan` at the negative
    /// integers, `ψ(+∞) = +∞`, `ψ(−∞) = nan`.
    public static func digamma(_ x: Double) -> Double {
        if x.isNaN || x == -.infinity { return .nan }
        if x == .infinity { return .infinity }
        if x == 0 { return x.sign == .minus ? .infinity : -.infinity }
        if x < 0 {
            if x == x.rounded() { return .nan }  // a pole
            let t = (x - DigammaRoot.negativeHi) - DigammaRoot.negativeLo
            if Swift.abs(t) < 0.05 { return DigammaRoot.series(DigammaRoot.negativeCoefficients, t) }
            return digamma(1 - x) - .pi * cotPi(x)
        }
        let t = (x - DigammaRoot.positiveHi) - DigammaRoot.positiveLo
        if Swift.abs(t) < 0.25 { return DigammaRoot.series(DigammaRoot.positiveCoefficients, t) }
        // Recurrence up to y ≥ 10, then the asymptotic series; the small terms are added first.
        let n = x < 10 ? Int((10 - x).rounded(.up)) : 0
        let y = x + Double(n)
        let z = 1 / (y * y)
        // −Σₖ B₂ₖ/(2k y²ᵏ), k = 1…8
        var tail = 3617.0 / 8160.0
        tail = tail * z - 1.0 / 12.0
        tail = tail * z + 691.0 / 32760.0
        tail = tail * z - 1.0 / 132.0
        tail = tail * z + 1.0 / 240.0
        tail = tail * z - 1.0 / 252.0
        tail = tail * z + 1.0 / 120.0
        tail = tail * z - 1.0 / 12.0
        tail *= z
        var sum = tail - 0.5 / y
        for k in stride(from: n, to: 0, by: -1) { sum -= 1 / (x + Double(k - 1)) }
        return Foundation.log(y) + sum
    }

    /// The trigamma function `ψ₁(x) = d²/dx² log Γ(x)`, the derivative of ``digamma(_:)``.
    ///
    /// For `x ≥ 10` the asymptotic series
    /// ```
    /// ψ₁(x) ~ 1/x + 1/(2x²) + Σₖ B₂ₖ / x²ᵏ⁺¹
    /// ```
    /// (A&S 6.4.12); below it the recurrence `ψ₁(x) = ψ₁(x + 1) + 1/x²` (A&S 6.4.6); for negative
    /// `x` the reflection `ψ₁(x) = π² / sin²(πx) − ψ₁(1 − x)` (A&S 6.4.7).
    ///
    /// Conventions (as SciPy's `polygamma(1, x)`): `+∞` at the poles `x = 0, −1, −2, …` and at `−∞`;
    /// `ψ₁(+∞) = 0`.
    public static func trigamma(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return 0 }
        if x <= 0 {
            if x == x.rounded() { return .infinity }  // a pole (−∞ included, as SciPy)
            let s = sinPi(x)
            return .pi * .pi / (s * s) - trigamma(1 - x)
        }
        let n = x < 10 ? Int((10 - x).rounded(.up)) : 0
        let y = x + Double(n)
        let r = 1 / y
        let z = r * r
        // Σₖ B₂ₖ/y²ᵏ⁺¹, k = 1…8
        var tail = -3617.0 / 510.0
        tail = tail * z + 7.0 / 6.0
        tail = tail * z - 691.0 / 2730.0
        tail = tail * z + 5.0 / 66.0
        tail = tail * z - 1.0 / 30.0
        tail = tail * z + 1.0 / 42.0
        tail = tail * z - 1.0 / 30.0
        tail = tail * z + 1.0 / 6.0
        tail *= z * r
        var sum = tail + 0.5 * z
        for k in stride(from: n, to: 0, by: -1) {
            let v = x + Double(k - 1)
            sum += 1 / (v * v)
        }
        return r + sum
    }

    /// The tetragamma function `ψ₂(x) = d³/dx³ log Γ(x)` (SciPy's `polygamma(2, x)`), the derivative of
    /// ``trigamma(_:)``.
    ///
    /// For `x ≥ 10` the asymptotic series
    /// ```
    /// ψ₂(x) ~ −(1/x² + 1/x³ + Σₖ (2k + 1) B₂ₖ / x²ᵏ⁺²)
    /// ```
    /// (A&S 6.4.11 with n = 2); below it the recurrence `ψ₂(x) = ψ₂(x + 1) − 2/x³` (A&S 6.4.6); for
    /// negative `x` the reflection `ψ₂(x) = ψ₂(1 − x) − 2π³ cos(πx)/sin³(πx)` (A&S 6.4.7).
    ///
    /// Conventions (as SciPy's): `−∞` at the poles `x = 0, −1, −2, …` and at `−∞`; `ψ₂(+∞) = −0`.
    public static func tetragamma(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return -0.0 }
        if x <= 0 {
            if x == x.rounded() { return -.infinity }
            let s = sinPi(x)
            return tetragamma(1 - x) - 2 * .pi * .pi * .pi * cosPi(x) / (s * s * s)
        }
        let n = x < 10 ? Int((10 - x).rounded(.up)) : 0
        let y = x + Double(n)
        let r = 1 / y
        let z = r * r
        // Σₖ (2k + 1) B₂ₖ / y²ᵏ⁺², k = 1…8
        var tail = -3617.0 / 30.0
        tail = tail * z + 35.0 / 2.0
        tail = tail * z - 691.0 / 210.0
        tail = tail * z + 5.0 / 6.0
        tail = tail * z - 3.0 / 10.0
        tail = tail * z + 1.0 / 6.0
        tail = tail * z - 1.0 / 6.0
        tail = tail * z + 1.0 / 2.0
        tail *= z * z
        var sum = -(z + z * r + tail)
        for k in stride(from: n, to: 0, by: -1) {
            let v = x + Double(k - 1)
            sum -= 2 / (v * v * v)
        }
        return sum
    }
}

/// The roots of the digamma function, each as a double-double `hi + lo`, and the
/// coefficients `(−1)ᵏ⁺¹ ζ(k + 1, x₀)`, k = 1, 2, …, of the Taylor series of `ψ` about it.
/// Computed with mpmath (`findroot(digamma, …)`, `zeta(k + 1, x0)`, 50 digits).
enum DigammaRoot {
    static let positiveHi = 1.4616321449683622
    static let positiveLo = 9.549995429965697e-17
    static let positiveCoefficients: [Double] = [
        0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652,
        0.10782405069126237, -0.07219956125645471, 0.04880428816414311, -0.03316112647484736,
        0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.007204534386356869,
        0.004926781395729853, -0.003369801655439328, 0.002305126326734928, -0.0015769367714301972,
        0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
        0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.569179582195066e-05,
    ]
    static let negativeHi = -0.5040830082644554
    static let negativeLo = -8.15428206243813e-18
    static let negativeCoefficients: [Double] = [
        8.939798558792134, -0.8093454625306507, 32.258572064915505, -2.761011648790828,
        128.27342343090902, -14.70672173553036, 513.2704629562862, -75.37700066344631,
        2055.5357119463315, -368.5783503832191, 8234.667099203069, -1743.364608867363,
        32997.785655255044, -8051.818155363498, 132262.95480834588, -36529.94596948565,
        530280.3912420176, -163451.79342700253,
    ]

    /// `Σₖ c[k−1] tᵏ` by Horner's rule.
    static func series(_ c: [Double], _ t: Double) -> Double {
        var s = 0.0
        for a in c.reversed() { s = s * t + a }
        return s * t
    }
}
