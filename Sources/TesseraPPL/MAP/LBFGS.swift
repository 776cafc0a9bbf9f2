import Foundation

/// The outcome of a minimisation.
public struct OptimizationResult: Sendable {
    public var x: [Double]
    public var value: Double
    public var gradientNorm: Double
    public var iterations: Int
    public var converged: Bool
    public var message: String
}

/// Limited-memory BFGS with a line search satisfying the strong Wolfe conditions
/// (Nocedal & Wright, "Numerical Optimization", 2nd ed.: Algorithm 7.4 (two-loop recursion),
/// Algorithms 3.5 and 3.6 (line search and zoom), c₁ = 1e-4, c₂ = 0.9).
public struct LBFGS: Sendable {
    public var memory = 10
    public var maxIterations = 1000
    /// Converged when the gradient's infinity norm falls below this.
    public var gradientTolerance = 1e-8
    /// …or when the relative decrease of the objective falls below this.
    public var valueTolerance = 1e-14

    public init(memory: Int = 10, maxIterations: Int = 1000, gradientTolerance: Double = 1e-8) {
        self.memory = memory
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
    }

    /// Minimises `f` from `x0`; `f(x, &g)` returns the value and writes the gradient.
    public func minimize(_ x0: [Double], _ f: (_ x: [Double], _ g: inout [Double]) -> Double) -> OptimizationResult {
        let n = x0.count
        var x = x0
        var g = [Double](repeating: 0, count: n)
        var fx = f(x, &g)
        guard fx.isFinite else {
            return OptimizationResult(x: x, value: fx, gradientNorm: .nan, iterations: 0, converged: false,
                                      message: "the objective is not finite at the starting point")
        }
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        for iteration in 0..<maxIterations {
            let gnorm = g.map(abs).max() ?? 0
            if gnorm < gradientTolerance {
                return OptimizationResult(x: x, value: fx, gradientNorm: gnorm, iterations: iteration, converged: true,
                                          message: "gradient norm below tolerance")
            }
            // Two-loop recursion: d = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: s.count)
            for i in stride(from: s.count - 1, through: 0, by: -1) {
                alphas[i] = rho[i] * dot(s[i], q)
                for k in 0..<n { q[k] -= alphas[i] * y[i][k] }
            }
            if let ls = s.last, let ly = y.last {
                let gamma = dot(ls, ly) / dot(ly, ly)
                for k in 0..<n { q[k] *= gamma }
            }
            for i in s.indices {
                let beta = rho[i] * dot(y[i], q)
                for k in 0..<n { q[k] += s[i][k] * (alphas[i] - beta) }
            }
            var d = q.map { -$0 }
            if dot(d, g) >= 0 {  // not a descent direction: restart with steepest descent
                d = g.map { -$0 }
                s.removeAll(); y.removeAll(); rho.removeAll()
            }
            let initial = s.isEmpty ? min(1, 1 / max(gnorm, 1e-300)) : 1
            guard let (step, fNew, gNew) = lineSearch(x, fx, g, d, initial, f) else {
                return OptimizationResult(x: x, value: fx, gradientNorm: gnorm, iterations: iteration, converged: false,
                                          message: "the line search found no point satisfying the Wolfe conditions")
            }
            let xNew = zip(x, d).map { $0 + step * $1 }
            let sk = zip(xNew, x).map { $0 - $1 }
            let yk = zip(gNew, g).map { $0 - $1 }
            let sy = dot(sk, yk)
            if sy > 1e-12 * dot(yk, yk).squareRoot() * dot(sk, sk).squareRoot() {
                s.append(sk); y.append(yk); rho.append(1 / sy)
                if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            let decrease = fx - fNew
            x = xNew; g = gNew
            let old = fx
            fx = fNew
            if abs(decrease) <= valueTolerance * max(1, abs(old)) {
                let gn = g.map(abs).max() ?? 0
                return OptimizationResult(x: x, value: fx, gradientNorm: gn, iterations: iteration + 1,
                                          converged: gn < max(gradientTolerance, 1e-5),
                                          message: "relative decrease of the objective below tolerance")
            }
        }
        return OptimizationResult(x: x, value: fx, gradientNorm: g.map(abs).max() ?? 0, iterations: maxIterations,
                                  converged: false, message: "reached the maximum number of iterations (\(maxIterations))")
    }

    /// A step length satisfying the strong Wolfe conditions (Nocedal & Wright, Algorithm 3.5).
    func lineSearch(_ x: [Double], _ f0: Double, _ g0: [Double], _ d: [Double], _ initial: Double,
                    _ f: (_ x: [Double], _ g: inout [Double]) -> Double) -> (Double, Double, [Double])? {
        let c1 = 1e-4, c2 = 0.9
        let dphi0 = dot(g0, d)
        var g = g0
        func phi(_ a: Double) -> (Double, Double, [Double]) {
            var gg = g
            let v = f(zip(x, d).map { $0 + a * $1 }, &gg)
            return (v.isFinite ? v : .infinity, dot(gg, d), gg)
        }
        var aPrev = 0.0, fPrev = f0, dPrev = dphi0
        var a = initial
        for i in 0..<50 {
            let (fa, da, ga) = phi(a)
            g = ga
            if fa > f0 + c1 * a * dphi0 || (i > 0 && fa >= fPrev) {
                return zoom(aPrev, a, fPrev, dPrev, fa, f0, dphi0, phi)
            }
            if abs(da) <= -c2 * dphi0 { return (a, fa, ga) }
            if da >= 0 { return zoom(a, aPrev, fa, da, fPrev, f0, dphi0, phi) }
            aPrev = a; fPrev = fa; dPrev = da
            a *= 2
        }
        return nil
    }

    /// Nocedal & Wright, Algorithm 3.6, with cubic-free bisection safeguarded by a quadratic step.
    func zoom(_ lo0: Double, _ hi0: Double, _ flo0: Double, _ dlo0: Double, _ fhi0: Double, _ f0: Double, _ dphi0: Double,
              _ phi: (Double) -> (Double, Double, [Double])) -> (Double, Double, [Double])? {
        let c1 = 1e-4, c2 = 0.9
        var lo = lo0, hi = hi0, flo = flo0, dlo = dlo0, fhi = fhi0
        for _ in 0..<60 {
            // Quadratic interpolation from lo (value, slope) and hi (value), kept inside the bracket.
            let denom = 2 * (fhi - flo - dlo * (hi - lo))
            var a = denom != 0 && denom.isFinite ? lo - dlo * (hi - lo) * (hi - lo) / denom : (lo + hi) / 2
            let left = min(lo, hi), right = max(lo, hi), width = right - left
            if !(a > left + 0.1 * width && a < right - 0.1 * width) { a = (lo + hi) / 2 }
            let (fa, da, ga) = phi(a)
            if fa > f0 + c1 * a * dphi0 || fa >= flo {
                hi = a; fhi = fa
            } else {
                if abs(da) <= -c2 * dphi0 { return (a, fa, ga) }
                if da * (hi - lo) >= 0 { hi = lo; fhi = flo }
                lo = a; flo = fa; dlo = da
            }
            if abs(hi - lo) < 1e-16 * max(1, abs(lo)) { return fa <= f0 ? (a, fa, ga) : nil }
        }
        return nil
    }
}
