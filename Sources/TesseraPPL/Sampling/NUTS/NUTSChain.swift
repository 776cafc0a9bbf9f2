import Foundation
import Tessera

/// Settings of NUTS and its warm-up.
public struct NUTSSettings: Sendable {
    public var targetAccept = 0.8
    public var maxTreeDepth = 10
    /// Start from `adapt_diag` (zeros, unit metric) or `jitter+adapt_diag` (uniform(−1, 1) jitter, PyMC's default).
    public var jitter = true
    /// The step method of the continuous variables.
    public var step: StepMethod = .nuts
    public init(targetAccept: Double = 0.8, maxTreeDepth: Int = 10, jitter: Bool = true, step: StepMethod = .nuts) {
        self.targetAccept = targetAccept
        self.maxTreeDepth = maxTreeDepth
        self.jitter = jitter
        self.step = step
    }
}

/// The draws of one chain: flat positions (unconstrained, `LogpDlogpFunction` order) and stats.
public struct ChainDraws: Sendable {
    public var positions: [[Double]] = []
    public var stats: [NUTSStats] = []
    public var warmupPositions: [[Double]] = []
    public var warmupStats: [NUTSStats] = []
    /// The adapted step size and diagonal inverse metric.
    public var stepSize = 0.0
    public var inverseMass: [Double] = []
}

/// Runs one NUTS chain: windowed warm-up (dual-averaged step size, diagonal metric from the slow
/// windows' variances), then `draws` transitions at the adapted settings.
///
/// `shouldStop` is polled between transitions (Ctrl-C); the draws made so far are returned.
func runNUTSChain(
    _ density: LogpDlogpFunction, start: [Double], tune: Int, draws: Int, settings: NUTSSettings,
    rng: inout RandomState, discrete: [DiscreteCoordinate] = [], shouldStop: () -> Bool = { false },
    onDraw: (Int, Bool, NUTSStats) -> Void = { _, _, _ in }
) -> ChainDraws {
    let n = density.dimension
    // Discrete coordinates have zero inverse mass: NUTS leaves them alone, Gibbs steps move them.
    let mask = (0..<n).map { i in discrete.contains { $0.index == i } ? 0.0 : 1.0 }
    var ham = Hamiltonian(density: density, inverseMass: mask)
    let (lp0, g0) = ham.evaluate(start)
    var current = PhasePoint(q: start, p: [Double](repeating: 0, count: n), g: g0, logp: lp0)
    var eps = findReasonableStepSize(ham, current, &rng)
    var adapt = DualAveraging(initialStepSize: eps, targetAccept: settings.targetAccept)
    let schedule = WindowSchedule(tune: tune)
    var variance = RunningVariance(dimension: n)
    var result = ChainDraws()

    var scale = 2.38 / Double(max(1, n)).squareRoot()  // Metropolis proposal scale (Roberts & Rosenthal's optimum)
    var accepted = 0.0, interval = 0
    var widths = [Double](repeating: 1, count: n), moved = [Double](repeating: 0, count: n)
    for i in 0..<(tune + draws) {
        if shouldStop() { break }
        let warm = i < tune
        var next: PhasePoint, stats: NUTSStats
        switch settings.step {
        case .nuts:
            let kernel = NUTSKernel(hamiltonian: ham, stepSize: warm ? adapt.stepSize : eps,
                                    maxTreeDepth: settings.maxTreeDepth)
            (next, stats) = kernel.transition(from: current, rng: &rng)
        case .hamiltonianMC(let pathLength):
            (next, stats) = hmcTransition(ham, current, stepSize: warm ? adapt.stepSize : eps, pathLength: pathLength, rng: &rng)
        case .metropolis:
            (next, stats) = metropolisTransition(ham, current, scale: scale, rng: &rng)
            accepted += stats.acceptanceRate
            interval += 1
            if warm && interval == 100 {
                scale = tunedScale(scale, acceptance: accepted / 100)
                accepted = 0
                interval = 0
            }
        case .slice:
            (next, stats) = sliceTransition(ham, current, widths: widths, rng: &rng)
            if warm {
                for k in 0..<n { moved[k] += abs(next.q[k] - current.q[k]) }
                if (i + 1) % 50 == 0 {
                    widths = moved.map { max(1e-3, 2 * $0 / 50) }
                    moved = [Double](repeating: 0, count: n)
                }
            }
        }
        current = next
        if !discrete.isEmpty { gibbsSweep(&current, discrete, ham, &rng) }
        if warm {
            if settings.step == .metropolis || settings.step == .slice { stats.stepSizeBar = stats.stepSize }
            adapt.update(acceptance: stats.acceptanceRate)
            stats.stepSizeBar = adapt.finalStepSize
            if schedule.isSlow(i) { variance.add(current.q) }
            if schedule.windowEnds.contains(i) {
                ham.inverseMass = zip(variance.regularizedVariance, mask).map { $0 * $1 }
                variance = RunningVariance(dimension: n)
                eps = findReasonableStepSize(ham, current, &rng, from: adapt.stepSize)
                adapt.restart(stepSize: eps)
            }
            if i == tune - 1 { eps = adapt.finalStepSize }
            result.warmupPositions.append(current.q)
            result.warmupStats.append(stats)
        } else {
            stats.stepSizeBar = eps
            result.positions.append(current.q)
            result.stats.append(stats)
        }
        onDraw(i, warm, stats)
    }
    if tune == 0 { eps = adapt.stepSize }
    result.stepSize = eps
    result.inverseMass = ham.inverseMass
    return result
}

/// A step size whose one-step acceptance is near ½ (Hoffman & Gelman 2014, Algorithm 4).
func findReasonableStepSize(_ ham: Hamiltonian, _ z: PhasePoint, _ rng: inout RandomState, from initial: Double = 1) -> Double {
    var eps = initial
    func logAccept(_ eps: Double) -> Double {
        var w = z
        w.p = ham.drawMomentum(&rng)
        let h0 = ham.energy(w)
        ham.leapfrog(&w, eps)
        let h = ham.energy(w)
        return h.isNaN ? -.infinity : h0 - h
    }
    var la = logAccept(eps)
    let direction: Double = la > Foundation.log(0.5) ? 1 : -1
    for _ in 0..<100 {
        if direction > 0 ? !(la > Foundation.log(0.5)) : !(la < Foundation.log(0.5)) { break }
        eps *= Foundation.pow(2, direction)
        if eps < 1e-10 || eps > 1e7 { break }
        la = logAccept(eps)
    }
    return eps
}

/// A discrete coordinate of the flat vector and how Gibbs steps move it.
struct DiscreteCoordinate: Sendable {
    let index: Int
    /// Finite support `0..<k` (categorical, Bernoulli): proportional proposals; `nil`: Metropolis ±1.
    let categories: Int?
}

/// One sweep over the discrete coordinates: for a finite support, draw the value in proportion to the
/// conditional density of each candidate (PyMC's `CategoricalGibbsMetropolis` with proportional proposals);
/// otherwise a Metropolis step to a neighbour (±1).
func gibbsSweep(_ z: inout PhasePoint, _ coords: [DiscreteCoordinate], _ ham: Hamiltonian, _ rng: inout RandomState) {
    for c in coords {
        let old = z.q[c.index]
        if let k = c.categories {
            var logps = [Double](repeating: -.infinity, count: k)
            for v in 0..<k {
                z.q[c.index] = Double(v)
                logps[v] = ham.evaluate(z.q).0
            }
            let m = logps.max() ?? 0
            guard m.isFinite else { z.q[c.index] = old; continue }
            let weights = logps.map { Foundation.exp($0 - m) }
            var u = rng.uniform() * weights.reduce(0.0) { $0 + $1 }
            var chosen = k - 1
            for v in 0..<k { u -= weights[v]; if u < 0 { chosen = v; break } }
            z.q[c.index] = Double(chosen)
        } else {
            let proposal = old + (rng.uniform() < 0.5 ? -1 : 1)
            z.q[c.index] = proposal
            let new = ham.evaluate(z.q).0
            if !(Foundation.log(rng.uniformOpen()) < new - z.logp) { z.q[c.index] = old }
        }
        let (lp, g) = ham.evaluate(z.q)
        z.logp = lp
        z.g = g
    }
}
