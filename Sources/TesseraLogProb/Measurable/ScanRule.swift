import Tessera

/// The density of a loop whose body draws random variables (AePPL's scan rule).
///
/// Given the values of the valued stacks (random states and per-step outputs), each step is a
/// conditional density: `log p(x) = Σ_t log p_body(x_t | s_{t−1}, …)`. A random state's previous value
/// is its value one step back (the initial value at the first step); deterministic states are
/// recomputed by a loop over the values, which emits each step's log-density as a per-step output.
///
/// Fast path: one random state, nothing else carried, and an elementwise density — the body's density
/// is evaluated once on whole sequences (the state shifted by one), without a loop.
struct ScanRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let scan = node.op as? Scan, scan.body.isRandom else { return nil }
        let body = scan.body
        let (s, q) = (body.states.count, body.sequences.count)
        let initial = Array(node.inputs.prefix(s))
        let sequences = Array(node.inputs[s..<(s + q)])
        let outer = Array(node.inputs.dropFirst(s + q))

        // The valued stacks, by result index (next states, then per-step outputs).
        var values: [Int: Variable] = [:]
        for r in 0..<node.outputCount {
            let out = node.output(r)
            if let x = out === v ? value : d.valued[out] { values[r] = x }
        }
        let valued = values.keys.sorted()
        if let r = valued.first(where: { $0 < s && scan.finalOnly[$0] }) {
            throw LogProbError.notMeasurable("'\(node.output(r))' is only the final state of a loop: value every step's state")
        }
        // The body's density at one step, given element placeholders for the valued results.
        var elements: [Int: Variable] = [:]
        var innerValues: [Variable: Variable] = [:]
        for r in valued {
            let x = body.results[r]
            let e = tensor("scan_value\(r)", dtype: x.dtype, shape: x.staticShape)
            elements[r] = e
            innerValues[x] = e
        }
        let inner = Derivation(valued: innerValues)
        var terms: [Int: Variable] = [:]
        for r in valued {
            let x = body.results[r]
            terms[r] = cloneReplace(try inner.logp(of: x, at: elements[r]!), innerValues)
        }
        let deterministic = (0..<s).filter { values[$0] == nil }
        let nextStates = deterministic.map { cloneReplace(body.nextStates[$0], innerValues) }
        let loopInputs = Set(body.inputs + Array(elements.values))
        for t in valued.map({ terms[$0]! }) + nextStates {
            for n in Graph.topologicalOrder(outputs: [t], stop: loopInputs) where n.op is RandomVariable {
                throw LogProbError.unvaluedRandomVariable(
                    "the density of the loop output '\(v)' needs the random variable '\(n.output(1))' drawn in the loop's body, which has no value; value the loop output (state or per-step output) it is returned as")
            }
        }
        let position = valued.firstIndex(of: v.index)!

        // The value one step back of a random state: its initial value, then its values.
        func previous(_ i: Int) -> Variable {
            let first = expandDims(initial[i], axis: 0)
            let x = values[i]!
            let shifted = scan.steps == 1 ? first
                : scan.reverse ? concatenate([x[1...], first]) : concatenate([first, x[..<(scan.steps - 1)]])
            return cast(shifted, to: body.states[i].dtype)
        }

        // Fast path: one random state evaluated on whole sequences at once.
        if s == 1, valued == [0], let term = terms[0],
           body.sequences.allSatisfy({ $0.ndim == body.states[0].ndim }),
           isElementwise(term, over: Set([body.states[0], elements[0]!] + body.sequences)) {
            var replacements: [Variable: Variable] = [body.states[0]: previous(0), elements[0]!: values[0]!]
            for (p, x) in zip(body.sequences, sequences) { replacements[p] = x }
            for (p, x) in zip(body.outer, outer) { replacements[p] = x }
            return cloneReplace(term, replacements, allowingRankChange: true)
        }

        // General: a loop over the values carrying the deterministic states, emitting each step's density.
        let randomStates = (0..<s).filter { values[$0] != nil }
        let logpBody = ScanBody(
            states: deterministic.map { body.states[$0] },
            sequences: body.sequences + randomStates.map { body.states[$0] } + valued.map { elements[$0]! },
            outer: body.outer,
            nextStates: nextStates,
            outputs: valued.map { terms[$0]! })
        let inputs = deterministic.map { initial[$0] } + sequences + randomStates.map(previous)
            + valued.map { cast(values[$0]!, to: elements[$0]!.dtype) } + outer
        let outs = applyOp(Scan(steps: scan.steps, body: logpBody, reverse: scan.reverse), inputs)
        if let e = outs.first?.buildError { throw e }
        return outs[deterministic.count + position]
    }

    /// Whether every node of `term` that depends on `inputs` is elementwise, so the graph can be
    /// evaluated on stacks of them (a leading axis added to each).
    private func isElementwise(_ term: Variable, over inputs: Set<Variable>) -> Bool {
        var dependent = inputs
        for node in Graph.topologicalOrder(outputs: [term]) where node.inputs.contains(where: dependent.contains) {
            guard node.op is Elemwise || node.op is CheckParameters else { return false }
            for o in node.outputs { dependent.insert(o) }
        }
        return true
    }
}
