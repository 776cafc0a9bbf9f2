import Tessera

/// Mixtures by indexing: `stack([c₀, c₁, …])[k]` (or `[k, arange(n)]` for vectors) where `k` is a categorical random variable picks a
/// component per element. With `k` unvalued it is marginalised —
/// `log p(x) = logsumexp_j(log w_j + log p_j(x))` — and with `k` valued the density is the chosen
/// component's (conditioning).
struct MixtureIndexRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let sub = node.op as? Subtensor, let join = node.inputs[0].owner, let stackOp = join.op as? Join,
              stackOp.isStack, stackOp.axis == 0
        else { return nil }
        // Scalar components: `stack(cs)[k]`; vector components: `stack(cs)[k, arange(n)]` (one pick per element).
        let scalarForm = sub.pattern.entries == [.tensor(mask: false)] && join.inputs.allSatisfy { $0.ndim == 0 }
        var elementForm = false
        if sub.pattern.entries == [.tensor(mask: false), .tensor(mask: false)], let positions = node.inputs[2].constantValue {
            elementForm = positions.ndim == 1 && positions.doubles == (0..<positions.count).map(Double.init)
        }
        guard scalarForm || elementForm else { return nil }
        let components = join.inputs
        let index = node.inputs[1]
        guard components.allSatisfy(d.dependsOnUnvaluedRandomVariable) else { return nil }
        let terms = try components.map { try d.logp(of: $0, at: value) }
        if d.valued[index] != nil || !d.dependsOnUnvaluedRandomVariable(index) {
            // Conditioning on the index: the chosen component's density.
            var lp = terms[0]
            for k in 1..<terms.count { lp = `where`(index .== Variable(integerLiteral: k), terms[k], lp) }
            return lp
        }
        guard let rv = index.randomVariable, rv.distribution is CategoricalDistribution, let owner = index.owner else {
            throw LogProbError.notMeasurable(
                "'\(v)': a mixture index must be a categorical random variable (or have a value) to be marginalised")
        }
        let p = owner.inputs[2]
        let logw = log(p) - log(sum(p, axis: -1, keepdims: true))
        let weighted = terms.enumerated().map { k, t in t + logw[.ellipsis, k] }
        return logsumexp(stack(weighted, axis: -1), axis: -1)
    }
}
