import Foundation

/// An unevaluated sum `hi + lo` of two doubles with `|lo| ≤ ulp(hi)/2`: about 32 significant
/// digits, for the few sums inside the incomplete gamma and beta functions whose terms cancel
/// (`a log x − x − log Γ(a)` with `x` in the hundreds loses 2 digits in plain doubles).
///
/// The error-free transformations are Knuth's TwoSum (TAOCP vol. 2, §4.2.2, Theorem B) and the
/// product with one fused multiply-add; the arithmetic on pairs follows Dekker (1971) and the QD
/// library (Hida, Li & Bailey, "Algorithms for quad-double precision floating point arithmetic", 2001).
struct DoubleDouble {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    /// The nearest double.
    var value: Double { hi + lo }

    /// `a + b` exactly (TwoSum).
    @inline(__always) static func sum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let bb = s - a
        return DoubleDouble(s, (a - (s - bb)) + (b - bb))
    }

    /// `a + b` exactly when `|a| ≥ |b|` (Dekker's FastTwoSum).
    @inline(__always) static func quickSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        return DoubleDouble(s, b - (s - a))
    }

    /// `a · b` exactly (one FMA).
    @inline(__always) static func product(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        return DoubleDouble(p, (-p).addingProduct(a, b))
    }

    static prefix func - (x: DoubleDouble) -> DoubleDouble { DoubleDouble(-x.hi, -x.lo) }

    static func + (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let s = sum(x.hi, y.hi)
        let t = sum(x.lo, y.lo)
        let u = quickSum(s.hi, s.lo + t.hi)
        return quickSum(u.hi, u.lo + t.lo)
    }

    static func + (x: DoubleDouble, y: Double) -> DoubleDouble {
        let s = sum(x.hi, y)
        return quickSum(s.hi, s.lo + x.lo)
    }

    static func - (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble { x + (-y) }
    static func - (x: DoubleDouble, y: Double) -> DoubleDouble { x + (-y) }

    static func * (x: DoubleDouble, y: Double) -> DoubleDouble {
        let p = product(x.hi, y)
        return quickSum(p.hi, p.lo + x.lo * y)
    }

    static func * (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let p = product(x.hi, y.hi)
        return quickSum(p.hi, p.lo + (x.hi * y.lo + x.lo * y.hi))
    }

    static func / (x: DoubleDouble, y: Double) -> DoubleDouble {
        let q = x.hi / y
        let p = product(q, y)
        let r = ((x.hi - p.hi) - p.lo + x.lo) / y
        return quickSum(q, r)
    }

    static func / (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let q1 = x.hi / y.hi
        let r = x - y * q1
        let q2 = r.hi / y.hi
        let r2 = r - y * q2
        let q3 = r2.hi / y.hi
        return quickSum(q1, q2) + q3
    }

    /// `log x` for finite `x > 0`, to about 1e-20 absolute however large `|log x|` is:
    /// `x = m · 2ᵉ` exactly with `m ∈ (√½, √2]`, `log x = e · log 2 + log m`, and with
    /// `u = (m − 1)/(m + 1)` (`|u| < 0.172`)
    /// ```
    /// log m = 2 atanh u = 2u + 2u³/3 + 2 Σₖ≥₂ u²ᵏ⁺¹/(2k + 1)
    /// ```
    /// (Abramowitz & Stegun 4.1.28), the first two terms in double-double and the rest (below
    /// 1e-4 of the whole) in double.
    static func log(_ x: Double) -> DoubleDouble {
        var m = x.significand  // [1, 2), normalized also for subnormal x
        var e = Double(x.exponent)
        if m > 2.0.squareRoot() {
            m *= 0.5
            e += 1
        }
        let u = DoubleDouble(m - 1) / sum(m, 1)  // m − 1 is exact
        let u2 = u * u
        var logM = u * 2 + u2 * u * 2 / 3
        let v = u.hi, v2 = v * v
        var power = v * v2 * v2, k = 5.0, rest = 0.0
        while power != 0 && k < 60 {
            let term = power / k
            rest += term
            if Swift.abs(term) <= 1e-22 { break }
            power *= v2
            k += 2
        }
        logM = logM + 2 * rest
        return e == 0 ? logM : ln2 * e + logM
    }

    /// `log 2` (mpmath, 50 digits; see Scripts/constants/incomplete.py).
    static let ln2 = DoubleDouble(0.6931471805599453, 2.3190468138462996e-17)
}
