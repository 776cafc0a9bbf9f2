import Foundation
import Tessera
import TesseraLogProb
#if canImport(Glibc)
import Glibc
#endif

/// How chains start and how warm-up adapts the metric (PyMC's `init`).
public enum InitMethod: Sendable {
    /// Zeros in the unconstrained space plus uniform(−1, 1) jitter, unit diagonal metric adapted in
    /// Stan's warm-up windows (PyMC's default `"jitter+adapt_diag"`).
    case jitterAdaptDiag
    /// The same without jitter (`"adapt_diag"`).
    case adaptDiag
    /// Jitter, and a dense metric: the regularised covariance of Stan's warm-up windows
    /// (`"jitter+adapt_full"`); for strongly correlated posteriors of modest dimension.
    case jitterAdaptFull
    /// The dense metric without jitter (`"adapt_full"`).
    case adaptFull
    /// Jitter, and nutpie's diagonal adaptation from draws and gradients, `M⁻¹ = √(Var(x)/Var(∇ log π))`,
    /// started from the gradient at the initial point and updated at every warm-up draw
    /// (`"jitter+adapt_diag_grad"`, the adaptation of PyMC's `nuts_sampler="nutpie"`).
    case jitterAdaptDiagGrad
    /// nutpie's adaptation without jitter (`"adapt_diag_grad"`).
    case adaptDiagGrad

    /// nutpie's adaptation with jitter: ``jitterAdaptDiagGrad``.
    public static var nutpie: InitMethod { .jitterAdaptDiagGrad }

    /// PyMC's name: `"jitter+adapt_diag"`, `"adapt_full"`, ….
    public var name: String {
        switch self {
        case .jitterAdaptDiag: "jitter+adapt_diag"
        case .adaptDiag: "adapt_diag"
        case .jitterAdaptFull: "jitter+adapt_full"
        case .adaptFull: "adapt_full"
        case .jitterAdaptDiagGrad: "jitter+adapt_diag_grad"
        case .adaptDiagGrad: "adapt_diag_grad"
        }
    }

    /// The method with PyMC's name, or `nil`.
    public init?(name: String) {
        guard let m = Self.all.first(where: { $0.name == name }) else { return nil }
        self = m
    }

    static let all: [InitMethod] = [.jitterAdaptDiag, .adaptDiag, .jitterAdaptFull, .adaptFull, .jitterAdaptDiagGrad, .adaptDiagGrad]

    /// Whether the start points get jitter.
    public var jitter: Bool { [.jitterAdaptDiag, .jitterAdaptFull, .jitterAdaptDiagGrad].contains(self) }

    /// How warm-up adapts the metric.
    public var adaptation: MetricAdaptation {
        switch self {
        case .jitterAdaptDiag, .adaptDiag: .diagonal
        case .jitterAdaptFull, .adaptFull: .dense
        case .jitterAdaptDiagGrad, .adaptDiagGrad: .gradientBased
        }
    }
}

/// Draws from a model's posterior with NUTS, or another `step` method (PyMC's `pm.sample`).
///
/// Chains run in parallel (`cores` at once, all cores by default), each from its own stream of
/// `seed`, so the draws do not depend on `cores`. On a terminal a progress line shows draws per
/// second and divergences per chain. Ctrl-C stops sampling and returns the draws made so far.
/// Deterministics are computed for every draw. Discrete free variables are moved by Gibbs steps
/// between NUTS transitions, as PyMC's compound step assigns them (`BinaryGibbsMetropolis` for
/// Bernoulli, `CategoricalGibbsMetropolis` for Categorical, Metropolis ±1 steps for counts), or as
/// `step` names them (see ``StepMethod``). `init` chooses jitter and the metric adaptation: Stan's
/// windowed diagonal (the default) or dense metric, or nutpie's adaptation from gradients (``InitMethod``).
///
/// - Returns: `InferenceData` with `posterior`, `sample_stats`, `observed_data`, `constant_data`
///   (and `warmup_posterior`/`warmup_sample_stats` when `discardTunedSamples` is false).
/// - Throws: when `step` names a variable the model lacks or one its method cannot sample, or when the
///   starting point has a non-finite log-density (the errors name the variable).
public func sample(
    _ model: Model, draws: Int = 1000, tune: Int = 1000, chains: Int = 4, cores: Int? = nil,
    targetAccept: Double = 0.8, init initMethod: InitMethod = .jitterAdaptDiag, step: StepMethod = .nuts,
    maxTreeDepth: Int = 10,
    seed: UInt64? = nil, progressBar: Bool = true, discardTunedSamples: Bool = true,
    callback: (@Sendable (_ chain: Int, _ draw: Int, _ stats: NUTSStats) -> Void)? = nil
) throws -> InferenceData {
    guard draws >= 1, tune >= 0, chains >= 1 else {
        throw ModelError.invalid("sample: draws and chains must be ≥ 1 and tune ≥ 0 (got draws \(draws), tune \(tune), chains \(chains))")
    }
    let settings = NUTSSettings(targetAccept: targetAccept, maxTreeDepth: maxTreeDepth, jitter: initMethod.jitter,
                                step: step, adaptation: initMethod.adaptation)
    let seed = seed ?? UInt64.random(in: 0...UInt64.max)
    let interrupt = Interrupt.install()
    defer { Interrupt.uninstall() }
    let progress = progressBar && isatty(STDERR_FILENO) != 0 ? ProgressLine(chains: chains, total: tune + draws) : nil
    let (runs, density) = try sampleChains(
        model, draws: draws, tune: tune, chains: chains, cores: cores ?? ProcessInfo.processInfo.activeProcessorCount,
        seed: seed, settings: settings, shouldStop: { interrupt.isSet }
    ) { c, i, warm, stats in
        progress?.update(chain: c, index: i, diverging: stats.diverging)
        if !warm { callback?(c, i - tune, stats) }
    }
    progress?.finish()
    let kept = runs.map(\.positions.count).min() ?? 0
    if interrupt.isSet {
        FileHandle.standardError.write(Data("tessera: sampling interrupted; returning the \(kept) draws per chain made so far\n".utf8))
    }
    var idata = try makeInferenceData(model, runs, density, keep: kept, keepWarmup: !discardTunedSamples)
    idata.attrs["tuning_steps"] = .int(tune)
    idata.attrs["sampling_time"] = .double(runs.flatMap(\.stats).map(\.time).reduce(0, +))
    for w in samplingWarnings(idata, runs, maxTreeDepth: maxTreeDepth) {
        fflush(nil)  // after what the program has printed so far, not in the middle of it
        FileHandle.standardError.write(Data("tessera: warning: \(w)\n".utf8))
    }
    return idata
}

/// Assembles the groups: constrained draws and deterministics, sampler statistics, data.
func makeInferenceData(_ model: Model, _ runs: [ChainDraws], _ density: LogpDlogpFunction, keep: Int,
                       keepWarmup: Bool) throws -> InferenceData {
    let names = model.freeRVs.map(model.nameOf) + model.deterministics.map(model.nameOf)
    let map = model.conditioning
    let targets = model.freeRVs.map { map[$0]! } + model.deterministics.map { cloneReplace($0, map) }
    let f = try function(model.valueVars, targets, mode: .vm)
    let coords = model.coords.mapValues { CoordinateLabels.strings($0) }
    let dims = model.dims

    func dataset(_ positions: [[[Double]]]) throws -> Dataset {
        let points: [[[String: NDArray]]] = try positions.map { chain in
            try chain.map { x in
                let point = density.unravel(x)
                let values = try model.valueVars.map { point[$0.name ?? ""]! }
                return Dictionary(uniqueKeysWithValues: zip(names, try f.call(values)))
            }
        }
        return try Dataset(points: points, order: names, dims: dims, coords: coords)
    }

    func stats(_ all: [[NUTSStats]]) throws -> Dataset {
        func field(_ dtype: DType, _ value: (NUTSStats) -> Double) throws -> NDArray {
            let draws = all.first?.count ?? 0
            return try NDArray(shape: [all.count, draws], elements: all.flatMap { $0.map(value) }, dtype: dtype)
        }
        let samples: [String: NDArray] = [
            "lp": try field(.float64) { $0.lp },
            "acceptance_rate": try field(.float64) { $0.acceptanceRate },
            "step_size": try field(.float64) { $0.stepSize },
            "step_size_bar": try field(.float64) { $0.stepSizeBar },
            "tree_depth": try field(.int64) { Double($0.treeDepth) },
            "n_steps": try field(.float64) { Double($0.nSteps) },
            "diverging": try field(.bool) { $0.diverging ? 1 : 0 },
            "energy": try field(.float64) { $0.energy },
            "energy_error": try field(.float64) { $0.energyError },
            "max_energy_error": try field(.float64) { $0.maxEnergyError },
            "perf_counter_diff": try field(.float64) { $0.time },
        ]
        return try Dataset(samples: samples)
    }

    var observed: [String: NDArray] = [:]
    for rv in model.observedRVs {
        if let v = model.rvsToValues[rv]?.value { observed[model.nameOf(rv)] = v }
    }
    var constantData: [String: NDArray] = [:]
    for (name, v) in model.dataVars { if let value = v.value { constantData[name] = value } }
    let obsDims = dims.filter { observed[$0.key] != nil }
    let constDims = dims.filter { constantData[$0.key] != nil }
    var idata = InferenceData(
        posterior: try dataset(runs.map { Array($0.positions.prefix(keep)) }),
        sampleStats: try stats(runs.map { Array($0.stats.prefix(keep)) }),
        observedData: try Dataset(data: observed, dims: obsDims, coords: coords),
        constantData: try Dataset(data: constantData, dims: constDims, coords: coords))
    if keepWarmup, let w = runs.map(\.warmupPositions.count).min(), w > 0 {
        idata.warmupPosterior = try dataset(runs.map { Array($0.warmupPositions.prefix(w)) })
        idata.warmupSampleStats = try stats(runs.map { Array($0.warmupStats.prefix(w)) })
    }
    return idata
}

/// PyMC's end-of-sampling warnings: divergences, tree-depth hits, high R-hat, low ESS.
func samplingWarnings(_ idata: InferenceData, _ runs: [ChainDraws], maxTreeDepth: Int) -> [String] {
    var out: [String] = []
    let stats = runs.flatMap(\.stats)
    let divergent = stats.filter(\.diverging).count
    if divergent > 0 {
        out.append("there were \(divergent) divergences after tuning; increase targetAccept or reparameterize")
    }
    let maxed = stats.filter { $0.treeDepth >= maxTreeDepth }.count
    if maxed > 0 { out.append("\(maxed) transitions reached the maximum tree depth (\(maxTreeDepth)); increase maxTreeDepth") }
    guard runs.count > 1, (runs.first?.positions.count ?? 0) >= 4 else { return out }
    // R-hat and ESS side by side: the chains' cores are free again.
    final class Results: @unchecked Sendable { var worstRHat: Double?; var lowESS: Double? }
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: 2) { k in
        if k == 0 {
            if let r = try? rhat(idata) { results.worstRHat = r.names.compactMap({ r[$0]?.doubles.max() }).max() }
        } else {
            if let e = try? ess(idata) { results.lowESS = e.names.compactMap({ e[$0]?.doubles.min() }).min() }
        }
    }
    if let worst = results.worstRHat, worst > 1.01 {
        out.append("the rank-normalized R-hat is \(String(format: "%.3f", worst)) for some parameters (> 1.01); the chains have not mixed")
    }
    if let low = results.lowESS, low < 100 * Double(runs.count) {
        out.append("the effective sample size per chain is smaller than 100 for some parameters (min bulk ESS \(Int(low)))")
    }
    return out
}

/// SIGINT (Ctrl-C) sets a flag the samplers poll between transitions. Concurrent `sample` calls share one
/// handler: it is installed by the first and the previous one restored by the last.
final class Interrupt: @unchecked Sendable {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0
    nonisolated(unsafe) static var previous: sighandler_t?
    nonisolated(unsafe) static var users = 0
    static let lock = NSLock()
    var isSet: Bool { Interrupt.flag != 0 }

    static func install() -> Interrupt {
        lock.lock(); defer { lock.unlock() }
        if users == 0 {
            flag = 0
            previous = signal(SIGINT) { _ in Interrupt.flag = 1 }
        }
        users += 1
        return Interrupt()
    }

    static func uninstall() {
        lock.lock(); defer { lock.unlock() }
        users -= 1
        if users == 0, let previous { signal(SIGINT, previous) }
    }
}

/// A one-line progress display on a terminal: per chain draws done, draws/s, divergences.
final class ProgressLine: @unchecked Sendable {
    let chains: Int, total: Int
    var done: [Int], divergences: [Int]
    let start = Date()
    var lastPrint = Date.distantPast
    let lock = NSLock()

    init(chains: Int, total: Int) {
        self.chains = chains
        self.total = total
        done = Array(repeating: 0, count: chains)
        divergences = Array(repeating: 0, count: chains)
    }

    func update(chain: Int, index: Int, diverging: Bool) {
        lock.lock(); defer { lock.unlock() }
        done[chain] = index + 1
        if diverging { divergences[chain] += 1 }
        let now = Date()
        guard now.timeIntervalSince(lastPrint) > 0.1 else { return }
        lastPrint = now
        let rate = Double(done.reduce(0, +)) / max(1e-9, now.timeIntervalSince(start))
        let parts = (0..<chains).map { "chain \($0): \(done[$0])/\(total) (\(divergences[$0]) div)" }
        FileHandle.standardError.write(Data("\r\(parts.joined(separator: "  "))  \(Int(rate)) draws/s ".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
