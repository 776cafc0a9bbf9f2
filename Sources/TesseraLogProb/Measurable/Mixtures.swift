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

/// `where(c, a, b)` of random `a` and `b` with a Bernoulli condition `c`: a two-component mixture,
/// marginalised when `c` has no value — `logaddexp(log p + log p_a(x), log(1 − p) + log p_b(x))` —
/// and the chosen branch's density when it has one.
struct SwitchMixtureRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let e = node.op as? Elemwise, e.scalarOp is Switch else { return nil }
        let (condition, a, b) = (node.inputs[0], node.inputs[1], node.inputs[2])
        guard d.dependsOnUnvaluedRandomVariable(a), d.dependsOnUnvaluedRandomVariable(b) else { return nil }
        let la = try d.logp(of: a, at: value), lb = try d.logp(of: b, at: value)
        if d.valued[condition] != nil || !d.dependsOnUnvaluedRandomVariable(condition) {
            return `where`(condition, la, lb)
        }
        // The condition may be a Bernoulli draw, possibly cast to bool.
        var c = condition
        if let owner = c.owner, let ce = owner.op as? Elemwise, ce.scalarOp is Cast { c = owner.inputs[0] }
        guard let rv = c.randomVariable, rv.distribution is BernoulliDistribution, let owner = c.owner else {
            throw LogProbError.notMeasurable("'\(v)': a switch condition must be a Bernoulli random variable (or have a value)")
        }
        let p = owner.inputs[2]
        return logaddexp(log(p) + la, log1p(-p) + lb)
    }
}
