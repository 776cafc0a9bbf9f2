import Tessera

/// Errors of the log-probability layer.
public enum LogProbError: Error, Sendable, CustomStringConvertible {
    /// A variable whose density cannot be derived (no density, or an operation that is not measurable).
    case notMeasurable(String)
    /// A random variable that the density needs but that has no value and cannot be marginalised.
    case unvaluedRandomVariable(String)

    public var description: String {
        switch self {
        case .notMeasurable(let m), .unvaluedRandomVariable(let m): m
        }
    }
}

/// The elementwise log-density of a random variable (or a measurable function of one) at `value`.
///
/// ```swift
/// let l = try logp(Random.normal(0.0, 1.0), 0.0)   // log N(0 | 0, 1) = −0.9189…
/// ```
/// - Throws: ``LogProbError`` when the variable has no derivable density.
public func logp(_ rv: Variable, _ value: Variable) throws -> Variable {
    let lp = try Derivation(valued: [rv: value]).logp(of: rv, at: value)
    return try lp.checked()
}

/// The elementwise log-CDF `log P(X ≤ value)` of a random variable.
///
/// - Throws: when the distribution has no log-CDF.
public func logcdf(_ rv: Variable, _ value: Variable) throws -> Variable {
    guard let (dist, params) = Derivation.density(of: rv) else {
        throw LogProbError.notMeasurable("logcdf: '\(rv)' is not a random variable with a known distribution")
    }
    guard let l = dist.logcdf(value, params) else {
        throw LogProbError.notMeasurable("logcdf: the \(dist.name) distribution has no log-CDF")
    }
    return try l.checked()
}

/// The inverse CDF (quantile function) of a random variable at probability `q`.
///
/// - Throws: when the distribution has no inverse CDF.
public func icdf(_ rv: Variable, _ q: Variable) throws -> Variable {
    guard let (dist, params) = Derivation.density(of: rv) else {
        throw LogProbError.notMeasurable("icdf: '\(rv)' is not a random variable with a known distribution")
    }
    guard let l = dist.icdf(q, params) else {
        throw LogProbError.notMeasurable("icdf: the \(dist.name) distribution has no inverse CDF")
    }
    return try l.checked()
}

/// One log-probability term per value variable, elementwise (not summed): the density of each
/// valued variable given the values of the others (AePPL's `factorized_joint_logprob`).
///
/// Random variables that are parents of valued variables are replaced by their values
/// everywhere (conditioning).
/// - Throws: when a needed random variable has no value, or a valued variable has no density.
public func factorizedJointLogProb(_ values: [Variable: Variable]) throws -> [Variable: Variable] {
    try factorizedJointLogProb(values, conditioningOn: [:])
}

/// ``factorizedJointLogProb(_:)`` where further variables (with densities given elsewhere, such as
/// custom distributions) are also replaced by their values in every term.
public func factorizedJointLogProb(_ values: [Variable: Variable], conditioningOn extra: [Variable: Variable]) throws
    -> [Variable: Variable]
{
    let all = values.merging(extra) { a, _ in a }
    let d = Derivation(valued: all)
    var terms: [Variable: Variable] = [:]
    for (rv, value) in values {
        let lp = try d.logp(of: rv, at: value)
        let conditioned = cloneReplace(lp, all)
        try d.checkNoUnvaluedRandomVariables(conditioned, for: rv)
        terms[value] = try conditioned.checked()
    }
    return terms
}

/// The joint log-probability of the valued variables, summed into one scalar
/// (AePPL's `joint_logprob`).
///
/// ```swift
/// let lp = try jointLogProb([mu: muValue, y: yValue])
/// ```
public func jointLogProb(_ values: [Variable: Variable]) throws -> Variable {
    let terms = try factorizedJointLogProb(values)
    // A stable order (by the value variables' names, then creation) keeps graphs reproducible.
    let ordered = values.keys.sorted { ($0.name ?? "") < ($1.name ?? "") }.map { terms[values[$0]!]! }
    guard var total = ordered.first.map({ sum($0) }) else { return 0.0 }
    for t in ordered.dropFirst() { total = total + sum(t) }
    return total
}

/// Derives log-densities through the measurable operations of a graph.
struct Derivation {
    let valued: [Variable: Variable]

    /// The distribution and parameters of a random variable's draw.
    static func density(of v: Variable) -> (any DensityDistribution, [Variable])? {
        guard let rv = v.randomVariable, let owner = v.owner,
              let dist = rv.distribution as? any DensityDistribution
        else { return nil }
        return (dist, Array(owner.inputs[2...]))
    }

    /// Whether `v` depends on a random variable that has no value (so it is random given the values).
    func dependsOnUnvaluedRandomVariable(_ v: Variable) -> Bool {
        if valued[v] != nil { return false }
        if v.randomVariable != nil { return true }
        guard let owner = v.owner else { return false }
        if let loop = owner.op as? Scan, loop.body.isRandom { return true }
        return owner.inputs.contains { dependsOnUnvaluedRandomVariable($0) }
    }

    /// The log-density of `v` at `value`, before conditioning.
    func logp(of v: Variable, at value: Variable) throws -> Variable {
        if let (dist, params) = Self.density(of: v) {
            return dist.logp(value, params)
        }
        guard let owner = v.owner else {
            throw LogProbError.notMeasurable("'\(v)' is not a random variable, nor computed from one: it has no density")
        }
        for rule in measurableRules {
            if let lp = try rule.logp(owner, v, value, self) { return lp }
        }
        if v.randomVariable != nil {
            throw LogProbError.notMeasurable("'\(v)': its distribution has no density in TesseraLogProb")
        }
        throw LogProbError.notMeasurable(
            "'\(v)' is computed by \(owner.op.name), through which no density can be derived; value a random variable instead")
    }

    /// Throws when a term still needs a random variable that has no value.
    func checkNoUnvaluedRandomVariables(_ term: Variable, for rv: Variable) throws {
        for node in Graph.topologicalOrder(outputs: [term]) where node.op is RandomVariable {
            let draw = node.output(1)
            throw LogProbError.unvaluedRandomVariable(
                "the density of '\(rv)' needs the random variable '\(draw)', which has no value variable; give it a value (add it to the map) or marginalise it")
        }
        for node in Graph.topologicalOrder(outputs: [term]) {
            guard let loop = node.op as? Scan, loop.body.isRandom else { continue }
            throw LogProbError.unvaluedRandomVariable(
                "the density of '\(rv)' needs the loop '\(node.output(0))', whose body draws random variables and which has no value variable; give its outputs values (add them to the map)")
        }
    }
}

/// A way of deriving a density through one kind of operation (exp of a random variable,
/// cumsum of random variables, …).
protocol MeasurableRule: Sendable {
    /// The log-density of `v` (an output of `node`) at `value`, or `nil` when the rule does not apply.
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable?
}

/// The rules tried in order.
let measurableRules: [any MeasurableRule] = [
    SwitchMixtureRule(), InvertibleTransformRule(), CumsumRule(), JoinRule(), DimShuffleRule(), ClipRule(), RoundingRule(),
    MixtureIndexRule(), ScanRule(),
]
