import Foundation
import Tessera

/// Runs `chains` chains of a model (NUTS or `settings.step`) in parallel (up to `cores` at once). Chain `c` uses the `c`-th
/// stream spawned from `seed`, so results do not depend on `cores`.
///
/// - Returns: the per-chain draws and the compiled density (its `names`/`shapes` unravel positions).
func sampleChains(
    _ model: Model, draws: Int, tune: Int, chains: Int, cores: Int, seed: UInt64, settings: NUTSSettings,
    shouldStop: @escaping @Sendable () -> Bool = { false },
    progress: (@Sendable (_ chain: Int, _ index: Int, _ warmup: Bool, _ stats: NUTSStats) -> Void)? = nil
) throws -> (chains: [ChainDraws], density: LogpDlogpFunction) {
    // One compiled function per chain: each holds its own buffers (calls on one are serialised).
    let densities = try (0..<chains).map { _ in try model.logpDlogpFunction() }
    let streams = RandomState(seed: seed).spawn(chains)
    var starts: [[Double]] = []
    for c in 0..<chains {
        let point = try model.initialPoint(seed: seed &+ UInt64(c), jitter: settings.jitter)
        var x = try densities[c].ravel(point)
        var g = [Double](repeating: 0, count: x.count)
        var lp = densities[c](x, gradient: &g)
        if !lp.isFinite && settings.jitter {
            // Retry jitter a few times, as PyMC does, then fall back to the unjittered point.
            for attempt in 1...10 {
                x = try densities[c].ravel(try model.initialPoint(seed: seed &+ UInt64(c) &+ UInt64(attempt) * 1000, jitter: attempt < 10))
                lp = densities[c](x, gradient: &g)
                if lp.isFinite { break }
            }
        }
        guard lp.isFinite, g.allSatisfy(\.isFinite) else {
            let logps = (try? model.pointLogps(densities[c].unravel(x))) ?? [:]
            let bad = logps.first(where: { !$0.value.isFinite })
            throw ModelError.initialPointNotFinite(variable: bad?.key ?? "?", logp: bad?.value ?? lp)
        }
        starts.append(x)
    }
    final class Results: @unchecked Sendable {
        var chains: [ChainDraws]
        let lock = NSLock()
        init(_ n: Int) { chains = Array(repeating: ChainDraws(), count: n) }
    }
    let steps = try assignSteps(model, densities[0], settings.step)
    var resolved = settings
    resolved.step = steps.continuous
    let chainSettings = resolved
    let results = Results(chains)
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = max(1, cores)
    for c in 0..<chains {
        let density = densities[c], start = starts[c], stream = streams[c]
        queue.addOperation {
            var rng = stream
            let out = runNUTSChain(density, start: start, tune: tune, draws: draws, settings: chainSettings, rng: &rng,
                                   discrete: steps.discrete, shouldStop: shouldStop) { i, warm, stats in progress?(c, i, warm, stats) }
            results.lock.lock()
            results.chains[c] = out
            results.lock.unlock()
        }
    }
    queue.waitUntilAllOperationsAreFinished()
    return (results.chains, densities[0])
}
