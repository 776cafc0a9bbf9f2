import Foundation
import Tessera

/// A step method (PyMC's `step=`): one for the continuous free variables, or Gibbs-Metropolis steps for
/// named discrete ones, or a list of both (an array literal makes a compound step).
///
/// Variables a step does not name get PyMC's automatic assignment: NUTS for the continuous ones,
/// ``binaryGibbsMetropolis(vars:)`` for Bernoulli, ``categoricalGibbsMetropolis(vars:)`` for
/// Categorical, and Metropolis (±1 proposals) for other discrete variables.
///
/// ```swift
/// sample(model, step: .slice)                                   // Slice for the continuous, Gibbs for the rest
/// sample(model, step: [.nuts, .categoricalGibbsMetropolis(vars: ["idx"])])
/// ```
public enum StepMethod: Sendable, Equatable, ExpressibleByArrayLiteral {
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
    /// PyMC's `BinaryGibbsMetropolis` for the named binary variables (Bernoulli, or Categorical with two
    /// categories): each element in turn, with probability 0.8 (PyMC's `transit_p`), proposes its other
    /// value and accepts it with the Metropolis probability `min(1, π(flipped) / π(current))`.
    case binaryGibbsMetropolis(vars: [String])
    /// PyMC's `CategoricalGibbsMetropolis` with proportional proposals for the named Categorical (or
    /// Bernoulli) variables: each element in turn is drawn from its full conditional, computed from the
    /// log-density of every category.
    case categoricalGibbsMetropolis(vars: [String])
    /// Several step methods, each for its variables (PyMC's list `step=[…]`); at most one of them may be a
    /// method for the continuous variables.
    case compound([StepMethod])

    /// A compound step from a list: `step: [.nuts, .binaryGibbsMetropolis(vars: ["z"])]`.
    public init(arrayLiteral elements: StepMethod...) { self = .compound(elements) }

    /// The name PyMC gives the method.
    public var name: String {
        switch self {
        case .nuts: "NUTS"
        case .hamiltonianMC: "HamiltonianMC"
        case .metropolis: "Metropolis"
        case .slice: "Slice"
        case .binaryGibbsMetropolis: "BinaryGibbsMetropolis"
        case .categoricalGibbsMetropolis: "CategoricalGibbsMetropolis"
        case .compound(let steps): "CompoundStep(" + steps.map(\.name).joined(separator: ", ") + ")"
        }
    }

    /// The methods of a compound step, nested lists flattened.
    var flattened: [StepMethod] {
        if case .compound(let steps) = self { return steps.flatMap(\.flattened) }
        return [self]
    }
}

/// One fixed-length HMC transition (in the Hamiltonian's preallocated trajectory buffers).
func hmcTransition(_ ham: Hamiltonian, _ current: PhasePoint, stepSize: Double, pathLength: Double,
                   rng: inout RandomState) -> (PhasePoint, NUTSStats) {
    let start = DispatchTime.now().uptimeNanoseconds
    let z = ham.forward
    ham.start(z, at: current, &rng)
    let h0 = z.energy
    let steps = max(1, min(1024, Int((pathLength / stepSize).rounded())))
    // Jitter the step size by ±10%, as PyMC does, to avoid resonances.
    let eps = stepSize * (0.9 + 0.2 * rng.uniform())
    for _ in 0..<steps { ham.leapfrog(z, eps) }
    let h = z.energy
    let error = h.isNaN ? Double.infinity : h - h0
    let accept = error.isFinite ? min(1, Foundation.exp(-error)) : 0
    let diverging = !(error <= 1000)
    let accepted = rng.uniform() < accept
    let next = accepted ? ham.phasePoint(z) : current
    let stats = NUTSStats(lp: next.logp, acceptanceRate: accept, stepSize: stepSize, stepSizeBar: stepSize, treeDepth: 0,
                          nSteps: steps, diverging: diverging, energy: accepted ? h : h0, energyError: error,
                          maxEnergyError: error, time: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9,
                          divergencePoint: diverging ? Array(UnsafeBufferPointer(start: z.q, count: ham.dimension)) : nil)
    return (next, stats)
}

/// One random-walk Metropolis transition on the coordinates with non-zero inverse mass.
func metropolisTransition(_ ham: Hamiltonian, _ current: PhasePoint, scale: Double, rng: inout RandomState)
    -> (PhasePoint, NUTSStats)
{
    let start = DispatchTime.now().uptimeNanoseconds
    var q = current.q
    let variances = ham.metric.diagonal
    for i in q.indices where variances[i] > 0 {
        q[i] += scale * variances[i].squareRoot() * NormalDistribution.standard(&rng)
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
    for i in q.indices where ham.metric.moves[i] {
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
