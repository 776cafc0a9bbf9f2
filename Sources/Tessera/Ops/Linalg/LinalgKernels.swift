import Foundation

// Dense kernels on row-major matrices behind raw pointers: matrix product, Cholesky, triangular
// solves and LU with partial pivoting. Written for clarity with cache-friendly loop orders
// (Golub & Van Loan, "Matrix Computations", 4th ed.: §1.1 for the product, §3.1–3.4 for
// triangular systems and LU, §4.2 for Cholesky).

enum LinalgKernels {
    /// `c[n×m] = a[n×k] · b[k×m]`, row-major; `c` is overwritten.
    ///
    /// The i-k-j order streams rows of `b` and `c` through the inner loop (which the compiler
    /// vectorises); four rows of `b` are combined per pass to cut loads and stores of `c`.
    /// - Complexity: O(n·k·m).
    static func gemm(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                     n: Int, k: Int, m: Int) {
        if m == 1 {  // matrix · vector: dot products of contiguous rows
            for i in 0..<n {
                let row = a + i * k
                var s0 = 0.0, s1 = 0.0
                var p = 0
                while p + 2 <= k {
                    s0 += row[p] * b[p]
                    s1 += row[p + 1] * b[p + 1]
                    p += 2
                }
                if p < k { s0 += row[p] * b[p] }
                c[i] = s0 + s1
            }
            return
        }
        c.update(repeating: 0, count: n * m)
        // Blocks of `b`'s rows keep the part of `b` a row of `c` reads in cache across rows of `a`.
        let blockK = 128
        var p0 = 0
        while p0 < k {
            let p1 = Swift.min(p0 + blockK, k)
            for i in 0..<n {
                let ci = c + i * m
                let ai = a + i * k
                var p = p0
                while p + 4 <= p1 {
                    let a0 = ai[p], a1 = ai[p + 1], a2 = ai[p + 2], a3 = ai[p + 3]
                    let b0 = b + p * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m
                    for j in 0..<m {
                        ci[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j]
                    }
                    p += 4
                }
                while p < p1 {
                    let ap = ai[p]
                    let bp = b + p * m
                    for j in 0..<m { ci[j] += ap * bp[j] }
                    p += 1
                }
            }
            p0 = p1
        }
    }

    /// The lower Cholesky factor `l` of the symmetric positive definite `a` (n×n; only its lower
    /// triangle is read); the upper triangle of `l` is zeroed.
    ///
    /// - Returns: `nil` on success, else the order of the first leading minor that is not positive.
    /// - Complexity: O(n³/3).
    static func cholesky(_ a: UnsafePointer<Double>, _ l: UnsafeMutablePointer<Double>, n: Int) -> Int? {
        for j in 0..<n {
            let lj = l + j * n
            var s = a[j * n + j]
            for p in 0..<j { s -= lj[p] * lj[p] }
            guard s > 0 else { return j + 1 }  // also rejects NaN
            let d = s.squareRoot()
            lj[j] = d
            for q in (j + 1)..<n { lj[q] = 0 }
            for i in (j + 1)..<n {
                let li = l + i * n
                var t = a[i * n + j]
                for p in 0..<j { t -= li[p] * lj[p] }
                li[j] = t / d
            }
        }
        return nil
    }

    /// Solves `op(a) · x = b` for triangular `a` (m×m; only the triangle named by `lower` is read),
    /// `op(a)` being `a` or `aᵀ`; `b` and `x` are m×k (they may be the same buffer).
    ///
    /// - Returns: `nil` on success, else the position of a zero on the diagonal.
    /// - Complexity: O(m²·k).
    static func solveTriangular(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ x: UnsafeMutablePointer<Double>,
                                m: Int, k: Int, lower: Bool, transpose: Bool, unitDiagonal: Bool) -> Int? {
        if UnsafeRawPointer(b) != UnsafeRawPointer(x) { x.update(from: b, count: m * k) }
        // op(a)[i, p]
        @inline(__always) func element(_ i: Int, _ p: Int) -> Double { transpose ? a[p * m + i] : a[i * m + p] }
        let forward = lower != transpose  // op(a) is lower triangular
        for step in 0..<m {
            let i = forward ? step : m - 1 - step
            let xi = x + i * k
            let range = forward ? 0..<i : (i + 1)..<m
            for p in range {
                let aip = element(i, p)
                if aip == 0 { continue }
                let xp = x + p * k
                for c in 0..<k { xi[c] -= aip * xp[c] }
            }
            if !unitDiagonal {
                let d = a[i * m + i]
                if d == 0 { return i }
                let r = 1 / d
                for c in 0..<k { xi[c] *= r }
            }
        }
        return nil
    }

    /// LU factorisation with partial pivoting, in place: `a` (n×n) becomes `L` (unit lower, below the
    /// diagonal) and `U` (upper); `perm[i]` is the row of the original matrix now at row `i`.
    ///
    /// - Returns: the permutation's sign, and the first column with a zero pivot (`nil` when nonsingular);
    ///   elimination goes on past a zero pivot, as LAPACK's `getrf`.
    /// - Complexity: O(2n³/3).
    static func luFactor(_ a: UnsafeMutablePointer<Double>, n: Int, perm: UnsafeMutablePointer<Int>) -> (sign: Double, zeroPivot: Int?) {
        for i in 0..<n { perm[i] = i }
        var sign = 1.0
        var zeroPivot: Int? = nil
        for j in 0..<n {
            var p = j
            var best = abs(a[j * n + j])
            for i in (j + 1)..<n where abs(a[i * n + j]) > best {
                best = abs(a[i * n + j])
                p = i
            }
            if a[p * n + j] == 0 {
                if zeroPivot == nil { zeroPivot = j }
                continue
            }
            if p != j {
                for c in 0..<n { (a[j * n + c], a[p * n + c]) = (a[p * n + c], a[j * n + c]) }
                (perm[j], perm[p]) = (perm[p], perm[j])
                sign = -sign
            }
            let pivot = a[j * n + j]
            let rj = a + j * n
            for i in (j + 1)..<n {
                let ri = a + i * n
                let l = ri[j] / pivot
                ri[j] = l
                if l == 0 { continue }
                for c in (j + 1)..<n { ri[c] -= l * rj[c] }
            }
        }
        return (sign, zeroPivot)
    }

    /// Solves `a · x = b` from `luFactor`'s output (`lu`, `perm`); `b` is n×k, `x` n×k (distinct buffers).
    static func luSolve(_ lu: UnsafePointer<Double>, _ perm: UnsafePointer<Int>, _ b: UnsafePointer<Double>,
                        _ x: UnsafeMutablePointer<Double>, n: Int, k: Int) {
        for i in 0..<n { (x + i * k).update(from: b + perm[i] * k, count: k) }
        _ = solveTriangular(lu, x, x, m: n, k: k, lower: true, transpose: false, unitDiagonal: true)
        _ = solveTriangular(lu, x, x, m: n, k: k, lower: false, transpose: false, unitDiagonal: false)
    }
}

extension LinalgKernels {
    /// The largest matrix (in elements) whose LU factor native kernels keep on the stack (64×64).
    static let nativeScratchLimit = 4096

    /// A static C table of offsets (at least one entry, as C needs).
    static func cTable(_ name: String, _ values: [Int]) -> String {
        "static const long \(name)[\(Swift.max(1, values.count))] = {\(values.isEmpty ? "0" : values.map(String.init).joined(separator: ","))};"
    }

    /// Rounds a float32 result in place (float64 needs nothing).
    static func cRound(_ out: CBuffer, prefix p: String) -> String {
        out.dtype == .float32
            ? "for (long \(p)r = 0; \(p)r < \(out.count)L; \(p)r++) \(out.name)[\(p)r] = (double)(float)\(out.name)[\(p)r];" : ""
    }
}
