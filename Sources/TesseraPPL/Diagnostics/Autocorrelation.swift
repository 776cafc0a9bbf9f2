import Foundation

// MARK: - Autocovariance and autocorrelation

/// The autocovariance of a sequence at every lag, as ArviZ's `autocov`.
///
/// ```
/// acov[t] = (1/n) Σ_{i=0}^{n−1−t} (x[i] − x̄)(x[i+t] − x̄),   t = 0, …, n − 1
/// ```
/// computed with a zero-padded FFT (Wiener–Khinchin: the inverse transform of `|FFT(x − x̄)|²`
/// padded to length `m ≥ 2n` is the linear, not circular, autocorrelation).
///
/// ```swift
/// autocov([1, 2, 3, 4])   // [1.25, 0.3125, -0.375, -0.5625]
/// ```
/// - Complexity: O(n log n).
public func autocov(_ x: [Double]) -> [Double] {
    let n = x.count
    guard n > 0 else { return [] }
    let mean = x.reduce(0, +) / Double(n)
    var m = 1
    while m < 2 * n { m <<= 1 }
    var re = [Double](repeating: 0, count: m)
    var im = [Double](repeating: 0, count: m)
    for i in 0..<n { re[i] = x[i] - mean }
    let plan = FFTPlan(size: m)
    plan.transform(&re, &im, inverse: false)
    for k in 0..<m {
        re[k] = re[k] * re[k] + im[k] * im[k]
        im[k] = 0
    }
    plan.transform(&re, &im, inverse: true)
    let scale = 1 / (Double(m) * Double(n))
    return (0..<n).map { re[$0] * scale }
}

/// The autocorrelation of a sequence at every lag, as ArviZ's `autocorr`: ``autocov(_:)``
/// divided by its lag-0 value (the biased variance), so `autocorr(x)[0] == 1`.
///
/// A constant sequence gives `nan` at every lag (0/0), as ArviZ does.
/// - Complexity: O(n log n).
public func autocorr(_ x: [Double]) -> [Double] {
    let c = autocov(x)
    guard let c0 = c.first else { return [] }
    return c.map { $0 / c0 }
}

// MARK: - FFT

/// An in-place iterative radix-2 Cooley–Tukey FFT of a power-of-two size, on split real and
/// imaginary arrays (Cooley & Tukey 1965; the bit-reversal form of Press et al.,
/// *Numerical Recipes*, 3rd ed., §12.2).
///
/// Twiddle factors are tabulated with `cos`/`sin` at each angle (no recurrence), so the error
/// stays O(ε log m) relative to the largest coefficient.
struct FFTPlan {
    let size: Int
    private let cosTable: [Double]
    private let sinTable: [Double]

    init(size: Int) {
        precondition(size > 0 && size & (size - 1) == 0, "FFTPlan: size \(size) is not a power of two")
        self.size = size
        let half = size / 2
        cosTable = (0..<half).map { Foundation.cos(2 * .pi * Double($0) / Double(size)) }
        sinTable = (0..<half).map { Foundation.sin(2 * .pi * Double($0) / Double(size)) }
    }

    /// Transforms `(re, im)` in place: `X[k] = Σ x[j] e^{∓2πijk/m}` (minus sign forward);
    /// the inverse is not scaled by `1/m`.
    func transform(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let m = size
        precondition(re.count == m && im.count == m)
        guard m > 1 else { return }
        let sign = inverse ? 1.0 : -1.0
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                // Bit-reversal permutation.
                var j = 0
                for i in 1..<m {
                    var bit = m >> 1
                    while j & bit != 0 {
                        j ^= bit
                        bit >>= 1
                    }
                    j |= bit
                    if i < j {
                        re.swapAt(i, j)
                        im.swapAt(i, j)
                    }
                }
                // Butterflies.
                var len = 2
                while len <= m {
                    let halfLen = len / 2
                    let stride = m / len
                    var start = 0
                    while start < m {
                        for k in 0..<halfLen {
                            let wr = cosTable[k * stride]
                            let wi = sign * sinTable[k * stride]
                            let a = start + k
                            let b = a + halfLen
                            let tr = re[b] * wr - im[b] * wi
                            let ti = re[b] * wi + im[b] * wr
                            re[b] = re[a] - tr
                            im[b] = im[a] - ti
                            re[a] += tr
                            im[a] += ti
                        }
                        start += len
                    }
                    len <<= 1
                }
            }
        }
    }
}
