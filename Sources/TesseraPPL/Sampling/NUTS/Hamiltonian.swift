import Foundation
import Tessera

/// A point in phase space: position, momentum, the log-density and its gradient at the position.
struct PhasePoint {
    var q: [Double]
    var p: [Double]
    var g: [Double]
    var logp: Double
}

/// Euclidean Hamiltonian dynamics with a diagonal metric: `H(q, p) = −log π(q) + ½ pᵀ M⁻¹ p`.
struct Hamiltonian {
    let density: LogpDlogpFunction
    /// The diagonal of M⁻¹ (the estimated posterior variances).
    var inverseMass: [Double]

    var dimension: Int { inverseMass.count }

    func kinetic(_ p: [Double]) -> Double {
        var k = 0.0
        for i in p.indices { k += p[i] * p[i] * inverseMass[i] }
        return 0.5 * k
    }

    /// `M⁻¹ p`: the velocity (Stan's `dtau_dp`, "p sharp").
    func velocity(_ p: [Double]) -> [Double] {
        var v = p
        for i in v.indices { v[i] *= inverseMass[i] }
        return v
    }

    func energy(_ z: PhasePoint) -> Double { -z.logp + kinetic(z.p) }

    /// Evaluates the log-density and gradient at `q`.
    func evaluate(_ q: [Double]) -> (Double, [Double]) {
        var g = [Double](repeating: 0, count: q.count)
        let lp = density(q, gradient: &g)
        return (lp.isNaN ? -.infinity : lp, g)
    }

    /// A leapfrog step of size `eps` (negative: backwards in time).
    func leapfrog(_ z: inout PhasePoint, _ eps: Double) {
        for i in z.p.indices { z.p[i] += 0.5 * eps * z.g[i] }
        for i in z.q.indices { z.q[i] += eps * inverseMass[i] * z.p[i] }
        var g = z.g
        let lp = z.q.withUnsafeBufferPointer { q in
            g.withUnsafeMutableBufferPointer { density.evaluate(q, gradient: $0.baseAddress!) }
        }
        z.logp = lp.isNaN ? -.infinity : lp
        z.g = g
        for i in z.p.indices { z.p[i] += 0.5 * eps * z.g[i] }
    }

    /// A momentum draw `p ~ N(0, M)`.
    func drawMomentum(_ rng: inout RandomState) -> [Double] {
        // Coordinates with zero inverse mass (discrete ones, moved by Gibbs steps) get no momentum.
        (0..<dimension).map { inverseMass[$0] > 0 ? NormalDistribution.standard(&rng) / inverseMass[$0].squareRoot() : 0 }
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    let m = max(a, b)
    return m + Foundation.log(Foundation.exp(a - m) + Foundation.exp(b - m))
}
