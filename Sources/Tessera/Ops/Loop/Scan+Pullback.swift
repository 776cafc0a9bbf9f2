extension Scan {
    /// Reverse mode through the loop: a second loop over the steps in the other direction, whose body
    /// is the vector–Jacobian product of this body (built with ``grad(_:wrt:disconnected:)->[Variable]``).
    ///
    /// With `λ_t = ∂L/∂s_t` (the state after step `t`), `ḡ_t` the cost's gradient with respect to the
    /// stacked state at `t` and `ȳ_t` the one with respect to output `t`, the backward loop carries
    /// ```
    /// λ_t     = ḡ_t + c_t,            c_{T−1} = 0
    /// c_{t−1} = (∂f/∂s)ᵀ λ_t + (∂g/∂s)ᵀ ȳ_t                (to the previous state)
    /// x̄_t     = (∂f/∂x)ᵀ λ_t + (∂g/∂x)ᵀ ȳ_t                (a per-step output)
    /// θ̄       = Σ_t (∂f/∂θ)ᵀ λ_t + (∂g/∂θ)ᵀ ȳ_t            (a carried sum, outer inputs θ)
    /// ```
    /// and `c_{−1}` is the gradient of the initial state. The Jacobians are evaluated at each step's
    /// inputs: the previous states (the forward stacks, shifted by one) and the sequence elements.
    /// Random draws in the body have no gradient.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let (s, q) = (stateCount, sequenceCount)
        let initial = Array(node.inputs.prefix(s))
        let sequences = Array(node.inputs[s..<(s + q)])
        let outer = Array(node.inputs.dropFirst(s + q))

        // Every step's states (run the loop again keeping them where this node kept only the last).
        let stacks = finalOnly.contains(true)
            ? Array(applyOp(Scan(steps: steps, body: body, reverse: reverse), node.inputs).prefix(s))
            : Array(node.outputs.prefix(s))
        if let e = stacks.lazy.compactMap(\.buildError).first { return node.inputs.map { _ in .invalid(e) } }
        // The state each step starts from: the initial value, then the stack shifted by one.
        let previous: [Variable] = (0..<s).map { i in
            let first = expandDims(initial[i], axis: 0)
            if steps == 1 { return first }
            return reverse ? concatenate([stacks[i][1...], first]) : concatenate([first, stacks[i][..<(steps - 1)]])
        }
        // The cost's gradient with respect to each step's state (a final-only output: at the last step).
        let stateGradients: [Variable] = (0..<s).map { i in
            let g = outputGradients[i]
            guard finalOnly[i] else { return g }
            let last = expandDims(g, axis: 0)
            if steps == 1 { return last }
            let rest = gradientZeros(like: stacks[i][..<(steps - 1)])
            return reverse ? concatenate([last, rest]) : concatenate([rest, last])
        }

        // The backward body: carries c (per float state) and the outer gradients' sums (per float outer input).
        let floatStates = (0..<s).filter { body.states[$0].dtype.isFloat }
        let floatSequences = (0..<q).filter { body.sequences[$0].dtype.isFloat }
        let floatOuter = body.outer.indices.filter { body.outer[$0].dtype.isFloat }
        let floatOutputs = body.outputs.indices.filter { body.outputs[$0].dtype.isFloat }
        let carries = floatStates.map { tensor("scan_carry\($0)", dtype: body.states[$0].dtype, shape: body.states[$0].staticShape) }
        let sums = floatOuter.map { tensor("scan_sum\($0)", dtype: body.outer[$0].dtype, shape: body.outer[$0].staticShape) }
        let stateCotangents = floatStates.map {
            tensor("scan_gstate\($0)", dtype: stateGradients[$0].dtype, shape: body.states[$0].staticShape)
        }
        let outputCotangents = floatOutputs.map {
            tensor("scan_goutput\($0)", dtype: outputGradients[s + $0].dtype, shape: body.outputs[$0].staticShape)
        }
        var terms: [Variable] = []
        for (k, i) in floatStates.enumerated() { terms.append(sum(body.nextStates[i] * (carries[k] + stateCotangents[k]))) }
        for (k, m) in floatOutputs.enumerated() { terms.append(sum(body.outputs[m] * outputCotangents[k])) }
        let wrt = floatStates.map { body.states[$0] } + floatSequences.map { body.sequences[$0] } + floatOuter.map { body.outer[$0] }
        let gradients: [Variable]
        if var cost = terms.first {
            for t in terms.dropFirst() { cost = cost + t }
            gradients = grad(cost, wrt: wrt)
        } else {
            gradients = wrt.map { gradientZeros(like: $0) }
        }
        if let e = gradients.lazy.compactMap(\.buildError).first { return node.inputs.map { _ in .invalid(e) } }
        let nf = floatStates.count, nq = floatSequences.count
        let nextCarries = zip(gradients.prefix(nf), carries).map { cast($0, to: $1.dtype) }
        let nextSums = zip(gradients.suffix(floatOuter.count), sums).map { g, acc in acc + cast(g, to: acc.dtype) }
        let sequenceGradients = zip(gradients[nf..<(nf + nq)], floatSequences).map { cast($0, to: body.sequences[$1].dtype) }

        let backward = ScanBody(
            states: carries + sums,
            sequences: body.states + body.sequences + stateCotangents + outputCotangents,
            outer: body.outer,
            nextStates: nextCarries + nextSums,
            outputs: sequenceGradients)
        let zeros = floatStates.map { gradientZeros(like: initial[$0]) } + floatOuter.map { gradientZeros(like: outer[$0]) }
        let inputs = zeros + previous + sequences + floatStates.map { stateGradients[$0] }
            + floatOutputs.map { outputGradients[s + $0] } + outer
        let loop = applyOp(Scan(steps: steps, body: backward, reverse: !reverse,
                                finalOnly: Array(repeating: true, count: carries.count + sums.count)), inputs)
        if let e = loop.first?.buildError { return node.inputs.map { _ in .invalid(e) } }

        var result = [Variable?](repeating: nil, count: node.inputs.count)
        for (k, i) in floatStates.enumerated() { result[i] = loop[k] }
        for (k, o) in floatOuter.enumerated() { result[s + q + o] = loop[nf + k] }
        for (k, j) in floatSequences.enumerated() { result[s + j] = loop[nf + floatOuter.count + k] }
        return result
    }
}
