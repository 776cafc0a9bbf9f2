import Foundation
import Tessera

/// How a discrete coordinate of the flat vector is moved between the continuous transitions.
enum DiscreteKernel: Equatable, Sendable {
    /// PyMC's `BinaryGibbsMetropolis`: propose the other value with probability `transitP`, Metropolis accept.
    case binaryGibbsMetropolis(transitP: Double)
    /// PyMC's `CategoricalGibbsMetropolis` with proportional proposals over `0..<categories`.
    case categoricalGibbsMetropolis(categories: Int)
    /// PyMC's `Metropolis` on a discrete variable: a ±1 proposal, Metropolis accept.
    case metropolis
}

/// A discrete coordinate of the flat vector and the kernel that moves it.
struct DiscreteCoordinate: Sendable {
    let index: Int
    let kernel: DiscreteKernel
}

/// What a `step` argument resolves to: the method of the continuous coordinates and the kernel of
/// each discrete coordinate.
struct StepAssignment: Sendable {
    var continuous: StepMethod = .nuts
    var discrete: [DiscreteCoordinate] = []
}

/// Resolves `step` for a model as PyMC assigns steps: the named variables get the named methods, the
/// others NUTS (continuous), `BinaryGibbsMetropolis` (Bernoulli), `CategoricalGibbsMetropolis`
/// (Categorical) or `Metropolis` (other discrete).
///
/// - Throws: when a step names a variable that is not a free variable of the model, one of the wrong
///   kind (continuous, or not binary/categorical), one twice, or when two methods claim the continuous variables.
func assignSteps(_ model: Model, _ density: LogpDlogpFunction, _ step: StepMethod) throws -> StepAssignment {
    var out = StepAssignment()
    var continuous: StepMethod?
    var named: [String: StepMethod] = [:]
    for s in step.flattened {
        switch s {
        case .binaryGibbsMetropolis(let vars), .categoricalGibbsMetropolis(let vars):
            for v in vars {
                if let other = named[v] {
                    throw ModelError.invalid("sample: variable '\(v)' is given two step methods (\(other.name) and \(s.name)); give it one")
                }
                named[v] = s
            }
        case .compound:
            break  // flattened above
        default:
            if let c = continuous, c != s {
                throw ModelError.invalid("sample: step lists two methods for the continuous variables (\(c.name) and \(s.name)); give one")
            }
            continuous = s
        }
    }
    out.continuous = continuous ?? .nuts
    let names = model.freeRVs.map(model.nameOf)
    for v in named.keys.sorted() where !names.contains(v) {
        throw ModelError.unknownVariable("sample: \(named[v]!.name) names '\(v)', which is not a free variable of the model (free variables: \(names.joined(separator: ", ")))")
    }
    var offset = 0
    for (rv, shape) in zip(model.freeRVs, density.shapes) {
        let size = shape.reduce(1, *)
        defer { offset += size }
        let name = model.nameOf(rv)
        let distribution = rv.randomVariable?.distribution
        let family = distribution?.name ?? "custom"
        var categories: Int?
        if distribution is BernoulliDistribution { categories = 2 }
        if distribution is CategoricalDistribution, let owner = rv.owner, let k = owner.inputs[2].staticShape.last { categories = k }
        guard rv.dtype.isDiscrete else {
            if let s = named[name] {
                throw ModelError.invalid("sample: \(s.name) cannot sample '\(name)': it is a continuous variable (\(family)); it needs a discrete one")
            }
            continue
        }
        let kernel: DiscreteKernel
        switch named[name] {
        case .binaryGibbsMetropolis?:
            guard categories == 2 else {
                throw ModelError.invalid("sample: BinaryGibbsMetropolis cannot sample '\(name)': it needs a binary variable (Bernoulli, or Categorical with 2 categories), and '\(name)' is \(family)\(categories.map { " with \($0) categories" } ?? "")")
            }
            kernel = .binaryGibbsMetropolis(transitP: 0.8)
        case .categoricalGibbsMetropolis?:
            guard let k = categories else {
                throw ModelError.invalid("sample: CategoricalGibbsMetropolis cannot sample '\(name)': it needs a Categorical or Bernoulli variable (finite support), and '\(name)' is \(family)")
            }
            kernel = .categoricalGibbsMetropolis(categories: k)
        default:
            if distribution is BernoulliDistribution {
                kernel = .binaryGibbsMetropolis(transitP: 0.8)
            } else if let k = categories {
                kernel = .categoricalGibbsMetropolis(categories: k)
            } else {
                kernel = .metropolis
            }
        }
        for i in 0..<size { out.discrete.append(DiscreteCoordinate(index: offset + i, kernel: kernel)) }
    }
    return out
}

/// One sweep over the discrete coordinates, each moved by its kernel with the others held fixed.
func gibbsSweep(_ z: inout PhasePoint, _ coords: [DiscreteCoordinate], _ ham: Hamiltonian, _ rng: inout RandomState) {
    for c in coords {
        let old = z.q[c.index]
        /// A Metropolis step to `value` for this coordinate (symmetric proposals).
        func propose(_ value: Double) {
            z.q[c.index] = value
            let (lp, g) = ham.evaluate(z.q)
            if Foundation.log(rng.uniformOpen()) < lp - z.logp {
                z.logp = lp
                z.g = g
            } else {
                z.q[c.index] = old
            }
        }
        switch c.kernel {
        case .categoricalGibbsMetropolis(let k):
            // The full conditional over all categories (proportional proposal: always accepted).
            var logps = [Double](repeating: -.infinity, count: k)
            for v in 0..<k {
                z.q[c.index] = Double(v)
                logps[v] = ham.evaluate(z.q).0
            }
            let m = logps.max() ?? 0
            guard m.isFinite else { z.q[c.index] = old; continue }
            let weights = logps.map { Foundation.exp($0 - m) }
            var u = rng.uniform() * weights.reduce(0.0) { $0 + $1 }
            var chosen = k - 1
            for v in 0..<k { u -= weights[v]; if u < 0 { chosen = v; break } }
            z.q[c.index] = Double(chosen)
            (z.logp, z.g) = ham.evaluate(z.q)
        case .binaryGibbsMetropolis(let transitP):
            guard rng.uniform() < transitP else { continue }
            propose(1 - old)
        case .metropolis:
            propose(old + (rng.uniform() < 0.5 ? -1 : 1))
        }
    }
}
