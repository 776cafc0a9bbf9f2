import Foundation
import Tessera

/// A point in phase space between transitions: position, momentum, the log-density and its gradient.
struct PhasePoint {
    var q: [Double]
    var p: [Double]
    var g: [Double]
    var logp: Double
}

/// The Euclidean metric of HMC: the inverse mass matrix `M⁻¹` (the estimated posterior covariance),
/// diagonal or dense.
///
/// Coordinates that do not move (discrete ones, moved by Gibbs steps) have zero inverse mass: no
/// velocity and no momentum. A dense metric keeps `M⁻¹` and the upper factor `U = Lᵀ` of its Cholesky
/// decomposition `M⁻¹ = L Lᵀ`: momenta are drawn as `p = U⁻¹ z` with `z ~ N(0, I)`, whose covariance
/// is `(L Lᵀ)⁻¹ = M` (Stan's `dense_e_metric`).
struct Metric: Sendable {
    let dimension: Int
    /// Whether coordinate `i` moves under the dynamics.
    let moves: [Bool]
    /// `diag(M⁻¹)`, zero on fixed coordinates.
    private(set) var diagonal: [Double]
    /// `1 / √diag(M⁻¹)` (diagonal metric only): the momentum scales.
    private(set) var momentumScale: [Double]
    /// `M⁻¹`, row-major, zero rows and columns on fixed coordinates; `nil` for a diagonal metric.
    private(set) var dense: [Double]?
    /// `U = Lᵀ`, row-major (the identity on fixed coordinates); `nil` for a diagonal metric.
    private(set) var upperFactor: [Double]?

    var isDense: Bool { dense != nil }

    /// The unit diagonal metric on the moving coordinates.
    init(moves: [Bool]) {
        dimension = moves.count
        self.moves = moves
        diagonal = moves.map { $0 ? 1 : 0 }
        momentumScale = diagonal
    }

    /// Sets a diagonal `M⁻¹` (values on fixed coordinates are ignored); non-positive or non-finite
    /// entries keep their previous value.
    mutating func setDiagonal(_ d: [Double]) {
        precondition(d.count == dimension)
        for i in 0..<dimension where moves[i] && d[i] > 0 && d[i].isFinite {
            diagonal[i] = d[i]
            momentumScale[i] = 1 / d[i].squareRoot()
        }
        dense = nil
        upperFactor = nil
    }

    /// Sets a dense `M⁻¹` (row-major `n × n`; rows and columns of fixed coordinates are ignored).
    ///
    /// - Returns: `false`, leaving the metric unchanged, when the matrix is not positive definite
    ///   on the moving coordinates.
    @discardableResult
    mutating func setDense(_ covariance: [Double]) -> Bool {
        let n = dimension
        precondition(covariance.count == n * n)
        var masked = covariance
        var forFactor = covariance
        for i in 0..<n where !moves[i] {
            for j in 0..<n {
                masked[i * n + j] = 0; masked[j * n + i] = 0
                forFactor[i * n + j] = i == j ? 1 : 0; forFactor[j * n + i] = i == j ? 1 : 0
            }
        }
        guard let lower = choleskyLower(forFactor, n) else { return false }
        var upper = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { upper[j * n + i] = lower[i * n + j] } }
        dense = masked
        upperFactor = upper
        diagonal = (0..<n).map { masked[$0 * n + $0] }
        return true
    }

    /// `out = M⁻¹ x`.
    /// - Complexity: O(n) diagonal, O(n²) dense.
    @inline(__always)
    func apply(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let n = dimension
        if let dense {
            dense.withUnsafeBufferPointer { m in
                for i in 0..<n { out[i] = TesseraPPL.dot(m.baseAddress! + i * n, x, n) }
            }
        } else {
            diagonal.withUnsafeBufferPointer { d in
                for i in 0..<n { out[i] = d[i] * x[i] }
            }
        }
    }

    /// Draws a momentum `p ~ N(0, M)` into `p` (zero on fixed coordinates).
    func drawMomentum(into p: UnsafeMutablePointer<Double>, _ rng: inout RandomState) {
        let n = dimension
        if let upperFactor {
            for i in 0..<n { p[i] = NormalDistribution.standard(&rng) }
            // Back substitution U p = z.
            upperFactor.withUnsafeBufferPointer { u in
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let row = u.baseAddress! + i * n
                    var s = p[i]
                    for j in (i + 1)..<n { s -= row[j] * p[j] }
                    p[i] = s / row[i]
                }
            }
            for i in 0..<n where !moves[i] { p[i] = 0 }
        } else {
            for i in 0..<n {
                p[i] = moves[i] ? NormalDistribution.standard(&rng) * momentumScale[i] : 0
            }
        }
    }
}

/// The lower Cholesky factor of a symmetric row-major matrix, or `nil` when it is not positive definite
/// (Golub & Van Loan, "Matrix Computations", Algorithm 4.2.1, the row-oriented Cholesky–Banachiewicz form).
func choleskyLower(_ a: [Double], _ n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0...i {
            var s = a[i * n + j]
            for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
            if i == j {
                guard s > 0, s.isFinite else { return nil }
                l[i * n + i] = s.squareRoot()
            } else {
                l[i * n + j] = s / l[j * n + j]
            }
        }
    }
    return l
}

/// A moving point of a trajectory in preallocated storage: position, momentum, gradient, velocity
/// `v = M⁻¹ p` and `M⁻¹ g`, so that a leapfrog step needs one product with `M⁻¹`.
final class TrajectoryPoint {
    let n: Int
    let q, p, g, v, mg: UnsafeMutablePointer<Double>
    var logp = -Double.infinity
    /// `½ pᵀ M⁻¹ p`, kept current by `Hamiltonian.start` and `leapfrog`.
    var kinetic = 0.0

    init(dimension n: Int) {
        self.n = n
        q = .allocate(capacity: max(1, 5 * n))
        q.initialize(repeating: 0, count: max(1, 5 * n))
        p = q + n; g = q + 2 * n; v = q + 3 * n; mg = q + 4 * n
    }

    deinit { q.deallocate() }

    /// Copies all of `other`.
    func assign(_ other: TrajectoryPoint) {
        q.update(from: other.q, count: 5 * n)
        logp = other.logp
        kinetic = other.kinetic
    }

    var energy: Double { -logp + kinetic }
}

/// Euclidean Hamiltonian dynamics `H(q, p) = −log π(q) + ½ pᵀ M⁻¹ p` for one chain: the density, the
/// metric and the preallocated work buffers of its trajectories (a leapfrog step allocates nothing).
final class Hamiltonian {
    let density: LogpDlogpFunction
    var metric: Metric
    /// The two ends of a trajectory (NUTS extends both; HMC uses the first).
    let forward: TrajectoryPoint
    let backward: TrajectoryPoint
    /// NUTS subtree records, one per depth, made when a depth is first reached.
    var records: [TreeRecord] = []

    var dimension: Int { metric.dimension }

    init(density: LogpDlogpFunction, metric: Metric) {
        self.density = density
        self.metric = metric
        forward = TrajectoryPoint(dimension: metric.dimension)
        backward = TrajectoryPoint(dimension: metric.dimension)
    }

    /// The log-density and gradient at `q` (allocates: for the non-Hamiltonian steps).
    func evaluate(_ q: [Double]) -> (Double, [Double]) {
        var g = [Double](repeating: 0, count: q.count)
        let lp = density(q, gradient: &g)
        return (lp.isNaN ? -.infinity : lp, g)
    }

    /// Loads `z` into a trajectory point with a fresh momentum `p ~ N(0, M)`.
    func start(_ z: TrajectoryPoint, at current: PhasePoint, _ rng: inout RandomState) {
        let n = dimension
        current.q.withUnsafeBufferPointer { z.q.update(from: $0.baseAddress!, count: n) }
        current.g.withUnsafeBufferPointer { z.g.update(from: $0.baseAddress!, count: n) }
        z.logp = current.logp
        metric.drawMomentum(into: z.p, &rng)
        metric.apply(z.p, into: z.v)
        metric.apply(z.g, into: z.mg)
        z.kinetic = 0.5 * dot(z.p, z.v, n)
    }

    /// A leapfrog step of size `eps` (negative: backwards in time), in place, with the kinetic energy
    /// of the new point:
    ///
    /// ```
    /// p ← p + ε/2 · g,  q ← q + ε · M⁻¹p,  g ← ∇ log π(q),  p ← p + ε/2 · g
    /// ```
    ///
    /// The velocity `v = M⁻¹p` moves with `p` through `M⁻¹g` (one product with `M⁻¹` per step); with a
    /// diagonal metric the product, the momentum and velocity updates and `½ p·v` are one pass.
    @inline(__always)
    func leapfrog(_ z: TrajectoryPoint, _ eps: Double) {
        typealias V = SIMD2<Double>
        let n = dimension
        let half = 0.5 * eps
        let q = z.q, p = z.p, g = z.g, v = z.v, mg = z.mg
        let h = V(repeating: half), e = V(repeating: eps)
        var i = 0
        while i + 2 <= n {
            let pi = p.load2(i) + h * g.load2(i)
            let vi = v.load2(i) + h * mg.load2(i)
            p.store2(pi, i)
            v.store2(vi, i)
            q.store2(q.load2(i) + e * vi, i)
            i += 2
        }
        while i < n {
            p[i] += half * g[i]
            v[i] += half * mg[i]
            q[i] += eps * v[i]
            i += 1
        }
        let lp = density.evaluate(UnsafeBufferPointer(start: q, count: n), gradient: g)
        z.logp = lp.isNaN ? -.infinity : lp
        var k0 = V(), k1 = 0.0
        i = 0
        if metric.isDense {
            metric.apply(g, into: mg)
            while i + 2 <= n {
                let pi = p.load2(i) + h * g.load2(i)
                let vi = v.load2(i) + h * mg.load2(i)
                p.store2(pi, i)
                v.store2(vi, i)
                k0 += pi * vi
                i += 2
            }
            while i < n {
                p[i] += half * g[i]
                v[i] += half * mg[i]
                k1 += p[i] * v[i]
                i += 1
            }
        } else {
            metric.diagonal.withUnsafeBufferPointer { diagonal in
                let d = diagonal.baseAddress!
                while i + 2 <= n {
                    let gi = g.load2(i)
                    let mgi = d.load2(i) * gi
                    let pi = p.load2(i) + h * gi
                    let vi = v.load2(i) + h * mgi
                    mg.store2(mgi, i)
                    p.store2(pi, i)
                    v.store2(vi, i)
                    k0 += pi * vi
                    i += 2
                }
                while i < n {
                    mg[i] = d[i] * g[i]
                    p[i] += half * g[i]
                    v[i] += half * mg[i]
                    k1 += p[i] * v[i]
                    i += 1
                }
            }
        }
        z.kinetic = 0.5 * (k0.sum() + k1)
    }

    /// The phase point of a trajectory point (allocates).
    func phasePoint(_ z: TrajectoryPoint) -> PhasePoint {
        let n = dimension
        return PhasePoint(q: Array(UnsafeBufferPointer(start: z.q, count: n)), p: Array(UnsafeBufferPointer(start: z.p, count: n)),
                          g: Array(UnsafeBufferPointer(start: z.g, count: n)), logp: z.logp)
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

extension UnsafePointer<Double> {
    @inline(__always) func load2(_ i: Int) -> SIMD2<Double> { UnsafeRawPointer(self + i).loadUnaligned(as: SIMD2<Double>.self) }
}

extension UnsafeMutablePointer<Double> {
    @inline(__always) func load2(_ i: Int) -> SIMD2<Double> { UnsafeRawPointer(self + i).loadUnaligned(as: SIMD2<Double>.self) }
    @inline(__always) func store2(_ x: SIMD2<Double>, _ i: Int) { UnsafeMutableRawPointer(self + i).storeBytes(of: x, as: SIMD2<Double>.self) }
}

/// `a · b` over `n` elements, with independent SIMD accumulators (a plain loop is one serial chain of
/// additions: floating-point addition is not reassociated).
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    typealias V = SIMD2<Double>
    var s0 = V(), s1 = V()
    var i = 0
    while i + 4 <= n {
        s0 += UnsafeRawPointer(a + i).loadUnaligned(as: V.self) * UnsafeRawPointer(b + i).loadUnaligned(as: V.self)
        s1 += UnsafeRawPointer(a + i + 2).loadUnaligned(as: V.self) * UnsafeRawPointer(b + i + 2).loadUnaligned(as: V.self)
        i += 4
    }
    var s = (s0 + s1).sum()
    while i < n { s += a[i] * b[i]; i += 1 }
    return s
}

func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    let m = max(a, b)
    return m + Foundation.log(Foundation.exp(a - m) + Foundation.exp(b - m))
}
