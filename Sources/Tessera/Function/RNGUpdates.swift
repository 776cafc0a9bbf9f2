/// Compiles a function whose random variables draw afresh on every call (PyMC's `compile_pymc`).
///
/// Every shared random generator feeding a random variable in the graph is reseeded from
/// `seed` (one independent stream each, in a reproducible order) and gets an update to the
/// state its random variable returns, so successive calls give successive draws.
/// - Throws: as ``function(_:_:updates:mode:rewrites:)``.
public func compileWithRNGUpdates(_ inputs: [Variable], _ outputs: [Variable], seed: UInt64? = nil,
                                  mode: Mode? = nil) throws -> Function {
    if let e = Graph.firstBuildError(outputs) { throw e }
    let updates = try rngUpdates(for: outputs, stop: Set(inputs), seed: seed)
    return try function(inputs, outputs, updates: updates, mode: mode)
}

/// The updates that advance every shared generator feeding a random variable of `outputs`,
/// after reseeding the generators from `seed` when one is given.
func rngUpdates(for outputs: [Variable], stop: Set<Variable> = [], seed: UInt64?) throws -> [Variable: Variable] {
    var updates: [Variable: Variable] = [:]
    var order: [Variable] = []
    for node in Graph.topologicalOrder(outputs: outputs, stop: stop) where node.op is RandomVariable {
        let rng = node.inputs[0]
        guard rng.isShared else { continue }
        if updates[rng] == nil { order.append(rng) }
        updates[rng] = node.output(0)
    }
    if let seed {
        // Generators inside loop bodies advance themselves at each step; they are reseeded too
        // (after the outer ones, whose streams stay the same), so seeded draws of loops repeat.
        let all = order + loopGenerators(in: outputs, stop: stop).filter { updates[$0] == nil }
        let streams = RandomState(seed: seed).spawn(all.count)
        for (rng, state) in zip(all, streams) { try rng.setValue(state) }
    }
    return updates
}

/// The shared generators of the random variables drawn inside the bodies of `scan` loops (nested ones
/// included), in a stable order.
private func loopGenerators(in outputs: [Variable], stop: Set<Variable>) -> [Variable] {
    var found: [Variable] = []
    var seen = Set<Variable>()
    func visit(_ outputs: [Variable], _ stop: Set<Variable>) {
        for node in Graph.topologicalOrder(outputs: outputs, stop: stop) {
            if node.op is RandomVariable, node.inputs[0].isShared, seen.insert(node.inputs[0]).inserted {
                found.append(node.inputs[0])
            }
            if let loop = node.op as? Scan, loop.body.isRandom { visit(loop.body.results, Set(loop.body.inputs)) }
        }
    }
    for node in Graph.topologicalOrder(outputs: outputs, stop: stop) {
        if let loop = node.op as? Scan, loop.body.isRandom { visit(loop.body.results, Set(loop.body.inputs)) }
    }
    return found
}

/// Draws `draws` samples of a variable, stacked along a new leading axis.
///
/// ```swift
/// let x = Random.normal(0.0, 1.0)
/// try draw(x, draws: 2)   // two independent standard normal draws
/// ```
public func draw(_ variable: Variable, draws: Int = 1, seed: UInt64? = nil) throws -> NDArray {
    try draw([variable], draws: draws, seed: seed)[0]
}

/// Draws `draws` samples of several variables jointly (one compiled function), each stacked
/// along a new leading axis.
public func draw(_ variables: [Variable], draws: Int = 1, seed: UInt64? = nil) throws -> [NDArray] {
    guard draws >= 0 else { throw TesseraError.invalidArgument("draw: draws must be ≥ 0, got \(draws)") }
    let inputs = Graph.inputs(of: variables)
    guard inputs.isEmpty else {
        throw TesseraError.missingInput("draw: the variables depend on the inputs \(inputs.map(\.description)); give them values with eval, or build the variables from constants")
    }
    let f = try compileWithRNGUpdates([], variables, seed: seed ?? UInt64.random(in: 0...UInt64.max), mode: .vm)
    var samples: [[NDArray]] = Array(repeating: [], count: variables.count)
    for _ in 0..<draws {
        for (k, v) in try f.call([]).enumerated() { samples[k].append(v) }
    }
    return try samples.enumerated().map { k, s in
        if s.isEmpty {
            let shape = [0] + variables[k].staticShape.map { $0 ?? 0 }
            return NDArray(uncheckedShape: shape, dtype: variables[k].dtype, storage: [])
        }
        return try NDArray.stacking(s)
    }
}
