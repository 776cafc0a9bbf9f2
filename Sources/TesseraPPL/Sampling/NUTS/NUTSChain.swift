import Foundation
import Tessera

/// How warm-up adapts the metric (the inverse mass matrix) of the Hamiltonian step methods.
public enum MetricAdaptation: Sendable, Equatable {
    /// Stan's windowed adaptation of a diagonal metric: the regularised variances of the slow windows
    /// (PyMC's `adapt_diag`).
    case diagonal
    /// Stan's windowed adaptation of a dense metric: the regularised covariance of the slow windows,
    /// `n/(n+5)·Σ + 10⁻³·5/(n+5)·I` (PyMC's `adapt_full`). Each leapfrog step costs an extra `n × n`
    /// matrix-vector product: worth it for strongly correlated posteriors of modest dimension.
    case dense
    /// nutpie's diagonal adaptation from draws and gradients, `√(Var(x)/Var(∇ log π))`, updated at every
    /// warm-up draw with switching estimator windows (PyMC's `adapt_diag_grad`; see `GradientMetricAdaptation`).
    case gradientBased
}

/// Settings of NUTS and its warm-up.
public struct NUTSSettings: Sendable {
    public var targetAccept = 0.8
    public var maxTreeDepth = 10
    /// Start from zeros or add uniform(−1, 1) jitter (PyMC's `jitter+…` inits).
    public var jitter = true
    /// The step method(s).
    public var step: StepMethod = .nuts
    /// How warm-up adapts the metric.
    public var adaptation: MetricAdaptation = .diagonal
    public init(targetAccept: Double = 0.8, maxTreeDepth: Int = 10, jitter: Bool = true, step: StepMethod = .nuts,
                adaptation: MetricAdaptation = .diagonal) {
        self.targetAccept = targetAccept
        self.maxTreeDepth = maxTreeDepth
        self.jitter = jitter
        self.step = step
        self.adaptation = adaptation
    }
}

/// The draws of one chain: flat positions (unconstrained, `LogpDlogpFunction` order) and stats.
public struct ChainDraws: Sendable {
    public var positions: [[Double]] = []
    public var stats: [NUTSStats] = []
    public var warmupPositions: [[Double]] = []
    public var warmupStats: [NUTSStats] = []
    /// The adapted step size.
    public var stepSize = 0.0
    /// The diagonal of the adapted inverse metric `M⁻¹`.
    public var inverseMass: [Double] = []
    /// The adapted dense inverse metric `M⁻¹` (row-major `n × n`), when the adaptation is `.dense`.
    public var inverseMassMatrix: [Double]?
}

/// Runs one chain: warm-up (dual-averaged step size; the metric adapted as `settings.adaptation` says),
/// then `draws` transitions at the adapted settings. `settings.step` is the method of the continuous
/// coordinates; `discrete` coordinates are moved by their Gibbs kernels after each transition.
///
/// `shouldStop` is polled between transitions (Ctrl-C); the draws made so far are returned.
func runNUTSChain(
    _ density: LogpDlogpFunction, start: [Double], tune: Int, draws: Int, settings: NUTSSettings,
    rng: inout RandomState, discrete: [DiscreteCoordinate] = [], shouldStop: () -> Bool = { false },
    onDraw: (Int, Bool, NUTSStats) -> Void = { _, _, _ in }
) -> ChainDraws {
    let n = density.dimension
    // Discrete coordinates have zero inverse mass: the Hamiltonian methods leave them alone, Gibbs steps move them.
    let fixed = Set(discrete.map(\.index))
    let ham = Hamiltonian(density: density, metric: Metric(moves: (0..<n).map { !fixed.contains($0) }))
    let (lp0, g0) = ham.evaluate(start)
    var current = PhasePoint(q: start, p: [Double](repeating: 0, count: n), g: g0, logp: lp0)
    var gradientAdaptation: GradientMetricAdaptation?
    if settings.adaptation == .gradientBased && tune > 0 {
        var a = GradientMetricAdaptation(tune: tune, dimension: n)
        ham.metric.setDiagonal(a.initial(position: start, gradient: g0))
        gradientAdaptation = a
    }
    var eps = findReasonableStepSize(ham, current, &rng)
    var adapt = DualAveraging(initialStepSize: eps, targetAccept: settings.targetAccept)
    let schedule = WindowSchedule(tune: tune)
    var variance = RunningVariance(dimension: n)
    var covariance: RunningCovariance? = settings.adaptation == .dense ? RunningCovariance(dimension: n) : nil
    var metricUpdates = 0
    var result = ChainDraws()

    var scale = 2.38 / Double(max(1, n)).squareRoot()  // Metropolis proposal scale (Roberts & Rosenthal's optimum)
    var accepted = 0.0, interval = 0
    var widths = [Double](repeating: 1, count: n), moved = [Double](repeating: 0, count: n)
    for i in 0..<(tune + draws) {
        if shouldStop() { break }
        let warm = i < tune
        var next: PhasePoint, stats: NUTSStats
        switch settings.step {
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
        default:
            let kernel = NUTSKernel(hamiltonian: ham, stepSize: warm ? adapt.stepSize : eps, maxTreeDepth: settings.maxTreeDepth)
            (next, stats) = kernel.transition(from: current, rng: &rng)
        }
        current = next
        if !discrete.isEmpty { gibbsSweep(&current, discrete, ham, &rng) }
        if warm {
            adapt.update(acceptance: stats.acceptanceRate)
            stats.stepSizeBar = adapt.finalStepSize
            var metricChanged = false
            if var a = gradientAdaptation {
                if let d = a.update(draw: i, position: current.q, gradient: current.g, diverging: stats.diverging) {
                    ham.metric.setDiagonal(d)
                    metricChanged = true
                }
                gradientAdaptation = a
            } else {
                if schedule.isSlow(i) {
                    variance.add(current.q)
                    covariance?.add(current.q)
                }
                if schedule.windowEnds.contains(i) {
                    if let c = covariance, ham.metric.setDense(c.regularizedCovariance) {
                        covariance = RunningCovariance(dimension: n)
                    } else {
                        ham.metric.setDiagonal(variance.regularizedVariance)
                    }
                    variance = RunningVariance(dimension: n)
                    metricChanged = true
                }
            }
            if metricChanged {
                metricUpdates += 1
                // Stan restarts the step size after every metric update; nutpie, which updates at every
                // draw, only after the first.
                if gradientAdaptation == nil || metricUpdates == 1 {
                    eps = findReasonableStepSize(ham, current, &rng, from: adapt.stepSize)
                    adapt.restart(stepSize: eps)
                }
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
    result.inverseMass = ham.metric.diagonal
    result.inverseMassMatrix = ham.metric.dense
    return result
}

/// A step size whose one-step acceptance is near ½ (Hoffman & Gelman 2014, Algorithm 4).
func findReasonableStepSize(_ ham: Hamiltonian, _ z: PhasePoint, _ rng: inout RandomState, from initial: Double = 1) -> Double {
    var eps = initial
    func logAccept(_ eps: Double) -> Double {
        let w = ham.forward
        ham.start(w, at: z, &rng)
        let h0 = w.energy
        ham.leapfrog(w, eps)
        let h = w.energy
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
