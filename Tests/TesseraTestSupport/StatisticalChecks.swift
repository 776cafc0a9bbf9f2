import Foundation
import Testing
import Tessera

/// Kolmogorov–Smirnov test of draws against an exact CDF: fails when the statistic exceeds the
/// critical value at significance `alpha` (asymptotic: sqrt(-ln(alpha/2)/2)/sqrt(n)).
public func expectKolmogorovSmirnov(_ draws: [Double], cdf: (Double) -> Double, alpha: Double = 1e-4, _ comment: String = "",
                             sourceLocation: SourceLocation = #_sourceLocation) {
    let n = Double(draws.count)
    let sorted = draws.sorted()
    var d = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        d = max(d, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
    }
    let critical = (-Foundation.log(alpha / 2) / 2).squareRoot() / n.squareRoot()
    #expect(d < critical, "KS statistic \(d) ≥ critical \(critical) (n = \(Int(n))) \(comment)", sourceLocation: sourceLocation)
}

/// Chi-square goodness-of-fit test of integer draws against a PMF; categories with expected count
/// below 5 are pooled into their neighbours. Fails when the statistic exceeds the critical value
/// at significance `alpha` (Wilson–Hilferty approximation of the chi-square quantile).
public func expectChiSquare(_ draws: [Double], pmf: (Int) -> Double, support: ClosedRange<Int>, alpha: Double = 1e-4,
                     _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let n = Double(draws.count)
    var counts: [Int: Int] = [:]
    for x in draws { counts[Int(x), default: 0] += 1 }
    let outside = draws.filter { !support.contains(Int($0)) }.count
    #expect(outside == 0, "\(outside) draws outside the support \(support) \(comment)", sourceLocation: sourceLocation)
    var observed: [Double] = [], expected: [Double] = []
    var accO = 0.0, accE = 0.0
    for k in support {
        accO += Double(counts[k] ?? 0)
        accE += n * pmf(k)
        if accE >= 5 {
            observed.append(accO); expected.append(accE)
            accO = 0; accE = 0
        }
    }
    if accE > 0 || accO > 0 {
        if expected.isEmpty { observed.append(accO); expected.append(accE) } else {
            observed[observed.count - 1] += accO; expected[expected.count - 1] += accE
        }
    }
    let stat = zip(observed, expected).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
    let df = Double(max(1, expected.count - 1))
    let z = normalQuantile(1 - alpha)
    let critical = df * pow(1 - 2 / (9 * df) + z * (2 / (9 * df)).squareRoot(), 3)
    #expect(stat < critical, "chi-square \(stat) ≥ critical \(critical) (df \(df)) \(comment)", sourceLocation: sourceLocation)
}

/// Expects the sample mean and variance to match within `z` standard errors (the variance's standard
/// error from the fourth central moment `mu4`, or a normal approximation when not given).
public func expectMoments(_ draws: [Double], mean: Double, variance: Double, mu4: Double? = nil, z: Double = 5,
                   _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let n = Double(draws.count)
    let m = draws.reduce(0, +) / n
    let v = draws.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    #expect(abs(m - mean) <= z * (variance / n).squareRoot(), "mean \(m), expected \(mean) \(comment)",
            sourceLocation: sourceLocation)
    let fourth = mu4 ?? 3 * variance * variance
    let seVar = ((fourth - variance * variance) / n).squareRoot()
    #expect(abs(v - variance) <= z * seVar, "variance \(v), expected \(variance) \(comment)",
            sourceLocation: sourceLocation)
}

/// The standard normal quantile (Acklam's rational approximation refined by one Newton step on erfc).
public func normalQuantile(_ p: Double) -> Double {
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    var x: Double
    if p < 0.02425 {
        let q = (-2 * Foundation.log(p)).squareRoot()
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p > 1 - 0.02425 {
        let q = (-2 * Foundation.log(1 - p)).squareRoot()
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else {
        let q = p - 0.5, r = q * q
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
    let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
    x -= e * (2 * Double.pi).squareRoot() * Foundation.exp(x * x / 2)
    return x
}
