import Tessera

/// Censoring: `y = clip(x, lower, upper)` puts the mass of `x` below `lower` at `lower`
/// (`log F(lower)`) and above `upper` at `upper` (`log S(upper)`); in between `y` has the density of `x`.
/// Infinite bounds mean no censoring on that side.
struct ClipRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let e = node.op as? Elemwise, e.scalarOp is Clip else { return nil }
        let (x, lower, upper) = (node.inputs[0], node.inputs[1], node.inputs[2])
        guard d.dependsOnUnvaluedRandomVariable(x) else { return nil }
        guard !d.dependsOnUnvaluedRandomVariable(lower), !d.dependsOnUnvaluedRandomVariable(upper) else {
            throw LogProbError.notMeasurable("'\(v)': clip bounds that are themselves random are not supported")
        }
        guard let (dist, params) = Derivation.density(of: x) else {
            throw LogProbError.notMeasurable("'\(v)': censoring needs a random variable with a known distribution inside clip")
        }
        let inside = dist.logp(value, params)
        guard let atLower = dist.logcdf(lower, params), let atUpper = dist.logsf(upper, params) else {
            throw LogProbError.notMeasurable("'\(v)': the \(dist.name) distribution has no log-CDF, so it cannot be censored")
        }
        let below = value .< lower, above = value .> upper
        let atLo = value .== lower, atHi = value .== upper
        var lp = `where`(atLo, atLower, `where`(atHi, atUpper, inside))
        lp = `where`(logicalOr(below, above), constant(NDArray(-Double.infinity)), lp)
        return lp
    }
}

/// Rounding: `round(x)`, `floor(x)` and `ceil(x)` of a continuous random variable are discrete, with
/// `P(k) = F(b) − F(a)` over the interval that rounds to `k`: computed as `log F(b) + log1mexp(log F(a) − log F(b))`.
struct RoundingRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let e = node.op as? Elemwise else { return nil }
        let (a, b): (Variable, Variable)
        switch e.scalarOp {
        case is RoundHalfToEven: (a, b) = (value - 0.5, value + 0.5)
        case is Floor: (a, b) = (value, value + 1.0)
        case is Ceil: (a, b) = (value - 1.0, value)
        default: return nil
        }
        let x = node.inputs[0]
        guard d.dependsOnUnvaluedRandomVariable(x) else { return nil }
        guard let (dist, params) = Derivation.density(of: x), let fb = dist.logcdf(b, params),
              let fa = dist.logcdf(a, params) else {
            throw LogProbError.notMeasurable("'\(v)': discretising needs a random variable with a log-CDF inside \(e.name)")
        }
        return fb + log1mexp(fa - fb)
    }
}
