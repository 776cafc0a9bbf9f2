import Foundation
import Tessera
import TesseraLogProb

/// Forward sampling of a model's random variables, compiled once with RNG updates.
enum ForwardSampling {
    /// Prior draws: free random variables and deterministics (`prior`), observed ones (`prior_predictive`),
    /// each `[1, draws, …]` by name.
    static func prior(_ model: Model, draws: Int, varNames: [String]?, seed: UInt64?) throws
        -> (prior: [String: NDArray], predictive: [String: NDArray])
    {
        var targets: [(String, Variable, Bool)] = []  // name, variable, is predictive
        for rv in model.freeRVs { targets.append((model.nameOf(rv), rv, false)) }
        for d in model.deterministics { targets.append((model.nameOf(d), d, false)) }
        for rv in model.observedRVs { targets.append((model.nameOf(rv), rv, true)) }
        if let varNames {
            let known = Set(targets.map(\.0))
            if let bad = varNames.first(where: { !known.contains($0) }) {
                throw ModelError.unknownVariable("samplePriorPredictive: the model has no variable '\(bad)' (it has \(known.sorted()))")
            }
            targets = targets.filter { varNames.contains($0.0) }
        }
        let values = try draw(targets.map(\.1), draws: draws, seed: seed ?? UInt64.random(in: 0...UInt64.max))
        var prior: [String: NDArray] = [:], predictive: [String: NDArray] = [:]
        for ((name, _, isPredictive), v) in zip(targets, values) {
            let withChain = try v.reshaped(to: [1] + v.shape)
            if isPredictive { predictive[name] = withChain } else { prior[name] = withChain }
        }
        return (prior, predictive)
    }

    /// Posterior predictive draws: observed random variables drawn with the free ones fixed at each
    /// posterior draw (`posterior[name]` is `[chain, draw, …]` in the constrained space).
    static func posteriorPredictive(_ model: Model, posterior: [String: NDArray], varNames: [String]?, seed: UInt64?)
        throws -> [String: NDArray]
    {
        let free = model.freeRVs
        var placeholders: [Variable: Variable] = [:]
        var inputs: [Variable] = []
        var chains = 0, draws = 0
        for rv in free {
            let name = model.nameOf(rv)
            guard let v = posterior[name] else {
                throw ModelError.unknownVariable("samplePosteriorPredictive: the trace has no draws of '\(name)'")
            }
            guard v.ndim >= 2 else {
                throw ModelError.invalid("samplePosteriorPredictive: '\(name)' needs [chain, draw, …] draws, got shape \(v.shape)")
            }
            if chains == 0 { (chains, draws) = (v.shape[0], v.shape[1]) }
            guard v.shape[0] == chains, v.shape[1] == draws else {
                throw ModelError.invalid("samplePosteriorPredictive: '\(name)' has \(v.shape[0])×\(v.shape[1]) draws, others \(chains)×\(draws)")
            }
            let p = tensor(name + "__draw", dtype: rv.dtype, shape: Array(v.shape.dropFirst(2)).map { $0 })
            placeholders[rv] = p
            inputs.append(p)
        }
        var targets = model.observedRVs
        if let varNames {
            let byName = Dictionary(uniqueKeysWithValues: (model.observedRVs + model.deterministics + free).map { (model.nameOf($0), $0) })
            targets = try varNames.map { n in
                guard let v = byName[n] else {
                    throw ModelError.unknownVariable("samplePosteriorPredictive: the model has no variable '\(n)'")
                }
                return v
            }
        }
        let names = targets.map(model.nameOf)
        // Observed variables are drawn (their own RVs kept), with the free ones fixed at the inputs.
        let outputs = cloneReplace(targets, placeholders)
        let f = try compileWithRNGUpdates(inputs, outputs, seed: seed ?? UInt64.random(in: 0...UInt64.max), mode: .vm)
        var collected: [[NDArray]] = Array(repeating: [], count: outputs.count)
        for c in 0..<chains {
            for d in 0..<draws {
                let values = free.map { rv -> NDArray in
                    let all = posterior[model.nameOf(rv)]!
                    let inner = Array(all.shape.dropFirst(2))
                    let size = inner.reduce(1, *)
                    let start = (c * draws + d) * size
                    return (try? NDArray(shape: inner, elements: Array(all.doubles[start..<(start + size)]), dtype: rv.dtype))
                        ?? NDArray(.nan)
                }
                for (k, v) in try f.call(values).enumerated() { collected[k].append(v) }
            }
        }
        var out: [String: NDArray] = [:]
        for (k, name) in names.enumerated() {
            let stacked = try NDArray(collected[k])
            out[name] = try stacked.reshaped(to: [chains, draws] + Array(stacked.shape.dropFirst()))
        }
        return out
    }
}
