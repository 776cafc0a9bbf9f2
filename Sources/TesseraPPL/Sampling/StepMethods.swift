import Foundation
import Tessera

/// The step method for the continuous free variables (PyMC's `step=`); discrete ones always get
/// Gibbs steps beside it.
public enum StepMethod: Sendable, Equatable {
    /// The No-U-Turn Sampler (the default).
    case nuts
    /// Hamiltonian Monte Carlo with a fixed path length (leapfrog steps = pathLength / step size),
    /// Metropolis-corrected; step size and metric adapted as for NUTS.
    case hamiltonianMC(pathLength: Double = 2)
    /// Random-walk Metropolis on all continuous coordinates at once, its proposal scale tuned during warm-up
    /// as PyMC tunes it (every 100 steps, by the acceptance rate).
    case metropolis
    /// Univariate slice sampling with stepping out (Neal 2003, "Slice sampling", §4) on each coordinate,
    /// the widths tuned during warm-up.
    case slice
}

/// One fixed-length HMC transition.
func hmcTransition(_ ham: Hamiltonian, _ current: PhasePoint, stepSize: Double, pathLength: Double,
                   rng: inout RandomState) -> (PhasePoint, NUTSStats) {
    let start = DispatchTime.now().uptimeNanoseconds
    var z = current
    z.p = ham.drawMomentum(&rng)
    let h0 = ham.energy(z)
    let steps = max(1, min(1024, Int((pathLength / stepSize).rounded())))
    // Jitter the step size by ±10%, as PyMC does, to avoid resonances.
    let eps = stepSize * (0.9 + 0.2 * rng.uniform())
    for _ in 0..<steps { ham.leapfrog(&z, eps) }
    let h = ham.energy(z)
    let error = h.isNaN ? Double.infinity : h - h0
    let accept = error.isFinite ? min(1, Foundation.exp(-error)) : 0
    let diverging = !(error <= 1000)
    let next = rng.uniform() < accept ? z : current
    let stats = NUTSStats(lp: next.logp, acceptanceRate: accept, stepSize: stepSize, stepSizeBar: stepSize, treeDepth: 0,
                          nSteps: steps, diverging: diverging, energy: ham.energy(next), energyError: error,
                          maxEnergyError: error, time: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9,
                          divergencePoint: diverging ? z.q : nil)
    return (next, stats)
}

/// One random-walk Metropolis transition on the coordinates with non-zero inverse mass.
func metropolisTransition(_ ham: Hamiltonian, _ current: PhasePoint, scale: Double, rng: inout RandomState)
    -> (PhasePoint, NUTSStats)
{
    let start = DispatchTime.now().uptimeNanoseconds
    var q = current.q
    for i in q.indices where ham.inverseMass[i] > 0 {
        q[i] += scale * ham.inverseMass[i].squareRoot() * NormalDistribution.standard(&rng)
    }
    let (lp, g) = ham.evaluate(q)
    let accept = lp.isFinite ? min(1, Foundation.exp(lp - current.logp)) : 0
    var next = current
    if rng.uniform() < accept { next = PhasePoint(q: q, p: current.p, g: g, logp: lp) }
    let stats = NUTSStats(lp: next.logp, acceptanceRate: accept, stepSize: scale, stepSizeBar: scale, treeDepth: 0,
                          nSteps: 1, diverging: false, energy: -next.logp, energyError: 0, maxEnergyError: 0,
                          time: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, divergencePoint: nil)
    return (next, stats)
}

/// PyMC's Metropolis scale tuning from the acceptance rate of the last tuning interval.
func tunedScale(_ scale: Double, acceptance: Double) -> Double {
    switch acceptance {
    case ..<0.001: scale * 0.1
    case ..<0.05: scale * 0.5
    case ..<0.2: scale * 0.9
    case 0.95...: scale * 10
    case 0.75...: scale * 2
    case 0.5...: scale * 1.1
    default: scale
    }
}

/// One sweep of univariate slice sampling with stepping out over the continuous coordinates.
func sliceTransition(_ ham: Hamiltonian, _ current: PhasePoint, widths: [Double], rng: inout RandomState)
    -> (PhasePoint, NUTSStats)
{
    let start = DispatchTime.now().uptimeNanoseconds
    var q = current.q
    var lp = current.logp
    var evaluations = 0
    func logDensity(_ x: [Double]) -> Double { evaluations += 1; return ham.evaluate(x).0 }
    for i in q.indices where ham.inverseMass[i] > 0 {
        let level = lp + Foundation.log(rng.uniformOpen())
        let w = widths[i]
        var left = q[i] - w * rng.uniform(), right = left + w
        var probe = q
        for _ in 0..<50 { probe[i] = left; if logDensity(probe) <= level { break }; left -= w }
        for _ in 0..<50 { probe[i] = right; if logDensity(probe) <= level { break }; right += w }
        for _ in 0..<200 {
            let x = left + (right - left) * rng.uniform()
            probe[i] = x
            let value = logDensity(probe)
            if value > level { q[i] = x; lp = value; break }
            if x < q[i] { left = x } else { right = x }
        }
    }
    let (finalLp, g) = ham.evaluate(q)
    let next = PhasePoint(q: q, p: current.p, g: g, logp: finalLp)
    let stats = NUTSStats(lp: finalLp, acceptanceRate: 1, stepSize: 0, stepSizeBar: 0, treeDepth: 0, nSteps: evaluations,
                          diverging: false, energy: -finalLp, energyError: 0, maxEnergyError: 0,
                          time: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, divergencePoint: nil)
    return (next, stats)
}
