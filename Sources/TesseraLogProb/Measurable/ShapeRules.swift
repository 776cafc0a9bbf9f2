import Tessera

/// `x[…, a:b, …]` along one axis.
func slice(_ x: Variable, axis: Int, _ start: Int?, _ stop: Int?) -> Variable {
    var idx: [TensorIndex] = Array(repeating: .all, count: axis)
    idx.append(.slice(start, stop))
    return subtensor(x, idx)
}

/// Random walks: `y = cumsum(x, axis)` has `x = [y₀, y₁ − y₀, …]` along the axis, with a
/// unit-triangular Jacobian (log-determinant 0).
struct CumsumRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let op = node.op as? CumSum else { return nil }
        let x = node.inputs[0]
        guard d.dependsOnUnvaluedRandomVariable(x) else { return nil }
        guard let axis = op.axis ?? (x.ndim == 1 ? 0 : nil) else {
            throw LogProbError.notMeasurable("cumsum without an axis of a \(x.ndim)-d random variable: give the axis")
        }
        let first = slice(value, axis: axis, 0, 1)
        let steps = slice(value, axis: axis, 1, nil) - slice(value, axis: axis, nil, -1)
        return try d.logp(of: x, at: concatenate([first, steps], axis: axis))
    }
}

/// Piecewise vectors: `concatenate([x₁, x₂, …])` or `stack` of random variables has the density
/// of each part on its slice of the value, side by side.
struct JoinRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let op = node.op as? Join else { return nil }
        let parts = Array(node.inputs)
        guard parts.contains(where: d.dependsOnUnvaluedRandomVariable) else { return nil }
        guard parts.allSatisfy(d.dependsOnUnvaluedRandomVariable) else {
            throw LogProbError.notMeasurable(
                "'\(v)' joins random variables with constants: only the random parts have a density; value the parts instead")
        }
        var terms: [Variable] = []
        if op.isStack {
            for (i, p) in parts.enumerated() {
                var idx: [TensorIndex] = Array(repeating: .all, count: op.axis)
                idx.append(.at(i))
                terms.append(try d.logp(of: p, at: subtensor(value, idx)))
            }
            return stack(terms, axis: op.axis)
        }
        var start = 0
        for p in parts {
            guard let n = p.staticShape[op.axis] else {
                throw LogProbError.notMeasurable(
                    "'\(v)': the length of each concatenated part along axis \(op.axis) must be known statically")
            }
            terms.append(try d.logp(of: p, at: slice(value, axis: op.axis, start, start + n)))
            start += n
        }
        return concatenate(terms, axis: op.axis)
    }
}

/// Axis insertion, removal and permutation (`x[None]`, `transpose(x)`): the value is shuffled back,
/// and the (elementwise) log-density shuffled forward again.
struct DimShuffleRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let op = node.op as? DimShuffle else { return nil }
        let x = node.inputs[0]
        guard d.dependsOnUnvaluedRandomVariable(x) else { return nil }
        // Invert: drop new axes, then put each input axis back in place.
        let kept = op.order.enumerated().compactMap { $0.element == nil ? nil : $0.offset }
        let squeezed = applyOp1(DimShuffle(order: kept), value)
        let positions = op.order.compactMap { $0 }
        var back: [Int?] = []
        for a in 0..<x.ndim { back.append(positions.firstIndex(of: a)) }
        let inner = try d.logp(of: x, at: applyOp1(DimShuffle(order: back), squeezed))
        guard inner.ndim == x.ndim else { return inner }
        return applyOp1(op, inner)
    }
}
