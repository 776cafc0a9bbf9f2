import Foundation
import Tessera
import TesseraLogProb

extension Model {
    /// Registers any graph of random variables whose density TesseraLogProb can derive (PyMC's
    /// `model.register_rv` for a `CustomDist(dist=…)`): observed with `observed`, else free.
    @discardableResult
    public func register(_ variable: Variable, name: String, observed: (any TensorLike)? = nil, dims: [String]? = nil,
                         transform: (any Transform)? = nil) throws -> Variable {
        let data = try observed.map { try $0.asVariable() }
        let rv = DistributionBuilder.register(variable, name: name, in: self, data: data, dims: dims,
                                              transform: transform.map { .custom($0) } ?? .none,
                                              defaultTransform: nil, initval: nil)
        if let e = errors.first { throw e }
        return rv
    }
}

/// A random variable's draw with another size (its batch shape), the same distribution and generator:
/// how factories give a `.dist(…)` the shape of the observed data.
func resized(_ rv: Variable, to shape: [Int]) -> Variable {
    guard let node = rv.owner, let op = rv.randomVariable, rv.staticShape != shape.map({ $0 }) else { return rv }
    let size = constant(NDArray(uncheckedShapeInts: shape))
    let outs = applyOp(RandomVariable(op.distribution, hasSize: true), [node.inputs[0], size] + Array(node.inputs[2...]))
    return outs.count > 1 ? outs[1] : outs[0]
}

/// The static shape of observed data, when known.
func observedShape(_ observed: (any TensorLike)?) -> [Int]? {
    guard let v = try? observed?.asVariable() else { return nil }
    return v.type.knownShape
}

/// Registers a derived variable in the current model (or returns it unregistered without a name).
func registerDerived(_ v: Variable, name: String?, observed: (any TensorLike)?, dims: [String]?,
                     transform: (any Transform)? = nil, logp: (@Sendable (Variable) -> Variable)? = nil) -> Variable {
    if let e = v.buildError { return .carrying(e) }
    guard let name else { return v }
    guard let model = Model.current else {
        return .invalidTensor(.noModel("'\(name)' must be created inside Model { … }"))
    }
    let data: Variable?
    do { data = try observed.map { try $0.asVariable() } } catch { return DistributionBuilder.fail(model, "\(name): \(error)") }
    let r = DistributionBuilder.register(v, name: name, in: model, data: data, dims: dims,
                                         transform: transform.map { .custom($0) } ?? .none, defaultTransform: nil,
                                         initval: nil)
    if let logp { model.root.customLogps[r] = logp }
    return r
}

/// A censored distribution (PyMC's `pm.Censored`): values of `dist` below `lower` are recorded as
/// `lower`, above `upper` as `upper`; its density has point masses there (log-CDF / log survival).
/// Pass `-Double.infinity`/`Double.infinity` (the defaults) for no bound.
@discardableResult
public func Censored(_ name: String, dist: Variable, lower: any TensorLike = -Double.infinity,
                     upper: any TensorLike = Double.infinity, observed: (any TensorLike)? = nil,
                     dims: [String]? = nil) -> Variable {
    do {
        let base = observedShape(observed).map { resized(dist, to: $0) } ?? dist
        let v = clip(base, try lower.asVariable(), try upper.asVariable())
        return registerDerived(v, name: name, observed: observed, dims: dims)
    } catch {
        return .carrying(.invalidArgument("Censored '\(name)': \(error)"))
    }
}

/// A truncated distribution (PyMC's `pm.Truncated`): `dist` restricted to [lower, upper], its density
/// renormalised by `F(upper) − F(lower)` (computed in log space) and drawn by inverse-CDF sampling.
@discardableResult
public func Truncated(_ name: String, dist: Variable, lower: any TensorLike = -Double.infinity,
                      upper: any TensorLike = Double.infinity, observed: (any TensorLike)? = nil,
                      dims: [String]? = nil) -> Variable {
    do {
        let lo = try lower.asVariable(), hi = try upper.asVariable()
        guard let node = dist.owner, let rvOp = dist.randomVariable,
              let density = rvOp.distribution as? any DensityDistribution else {
            return .carrying(.invalidArgument("Truncated '\(name)': dist must be a distribution's .dist(…)"))
        }
        let params = Array(node.inputs[2...])
        guard let logFlo = density.logcdf(lo, params), let logFhi = density.logcdf(hi, params),
              let _ = density.icdf(0.5, params) else {
            return .carrying(.invalidArgument("Truncated '\(name)': the \(density.name) distribution needs a log-CDF and an inverse CDF"))
        }
        // Inverse-CDF sampling: u ~ U(F(lo), F(hi)), x = F⁻¹(u).
        let u = Random.uniform(exp(logFlo), exp(logFhi), size: dist.type.knownShape, rng: node.inputs[0])
        let draw = density.icdf(u, params)!
        let logNormaliser = logFhi + log1mexp(logFlo - logFhi)
        let model = Model.current
        let transform: (any Transform)? = observed == nil && dist.dtype.isFloat
            ? IntervalTransform(lower: lo, upper: hi) : nil
        _ = model
        return registerDerived(draw, name: name, observed: observed, dims: dims, transform: transform) { value in
            let inside = logicalAnd(value .>= lo, value .<= hi)
            return `where`(inside, density.logp(value, params) - logNormaliser, constant(NDArray(-Double.infinity)))
        }
    } catch {
        return .carrying(.invalidArgument("Truncated '\(name)': \(error)"))
    }
}

/// A finite mixture with the component index marginalised (PyMC's `pm.Mixture`):
/// `log p(x) = logsumexp_k(log w_k + log p_k(x))`; draws pick a component per element.
/// `w` has the components along its last axis.
@discardableResult
public func Mixture(_ name: String, w: any TensorLike, compDists: [Variable], observed: (any TensorLike)? = nil,
                    dims: [String]? = nil) -> Variable {
    do {
        let weights = try w.asVariable()
        guard !compDists.isEmpty else { return .carrying(.invalidArgument("Mixture '\(name)': needs components")) }
        let target = observedShape(observed)
        let compDists = target.map { t in compDists.map { resized($0, to: t) } } ?? compDists
        let shape = Shape.broadcastStatic(compDists.map(\.staticShape)) ?? []
        let size = shape.allSatisfy({ $0 != nil }) && !shape.isEmpty ? shape.map { $0! } : nil
        let index = Random.variable(CategoricalDistribution(), [weights], size: size, rng: Model.current?.nextRNG())
        var draw = compDists[0]
        for k in 1..<compDists.count { draw = `where`(index .== Variable(integerLiteral: k), compDists[k], draw) }
        return registerDerived(draw, name: name, observed: observed, dims: dims) { value in
            let terms = try! compDists.enumerated().map { k, c in
                try logp(c, value) + log(weights[.ellipsis, k])
            }
            return logsumexp(stack(terms, axis: -1), axis: -1)
        }
    } catch {
        return .carrying(.invalidArgument("Mixture '\(name)': \(error)"))
    }
}

/// A Gaussian random walk (PyMC's `pm.GaussianRandomWalk`): `x₀ ~ initDist`, then `steps` normal
/// increments `N(mu, sigma)`; its density is derived (cumsum of a concatenation).
@discardableResult
public func GaussianRandomWalk(_ name: String, mu: any TensorLike = 0.0, sigma: any TensorLike = 1.0,
                               initDist: Variable? = nil, steps: Int, observed: (any TensorLike)? = nil,
                               dims: [String]? = nil) -> Variable {
    let start = initDist ?? Normal.dist(mu: 0, sigma: 100)
    let increments = Normal.dist(mu: mu, sigma: sigma, shape: [steps])
    let walk = cumsum(concatenate([expandDims(start, axis: 0), increments]))
    return registerDerived(walk, name: name, observed: observed, dims: dims)
}

/// A user-defined distribution (PyMC's `pm.CustomDist`) from a log-density closure over tensors,
/// with an optional `random` graph for forward sampling (without it, drawing is an error).
@discardableResult
public func CustomDist(_ name: String, logp: @escaping @Sendable (Variable) -> Variable, random: Variable? = nil,
                       shape: [Int] = [], observed: (any TensorLike)? = nil, dims: [String]? = nil) -> Variable {
    let placeholder = random ?? applyOp1(NoSampler(name: name, shape: shape), [Variable]())
    return registerDerived(placeholder, name: name, observed: observed, dims: dims, logp: logp)
}

/// A user-defined distribution from a closure building a graph of random variables whose density
/// TesseraLogProb derives (PyMC's `pm.CustomDist(dist=…)`).
@discardableResult
public func CustomDist(_ name: String, dist: () -> Variable, observed: (any TensorLike)? = nil,
                       dims: [String]? = nil) -> Variable {
    registerDerived(dist(), name: name, observed: observed, dims: dims)
}

/// The stand-in value of a custom distribution without a sampler: drawing it is an error.
struct NoSampler: Op, NonFoldable {
    let name: String
    let shape: [Int]
    func outputTypes(_ inputs: [Variable]) throws -> [TensorType] { [TensorType(shape: shape.map { $0 })] }
    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        throw TesseraError.unsupported("'\(name)' is a CustomDist without a random graph: it cannot be drawn")
    }
}

/// An autoregressive process of order `p = rho.count` (PyMC's `pm.AR`, without a constant):
/// `x_t = Σ_k rho_k x_{t−k} + ε_t`, `ε_t ~ N(0, sigma)`, the first `p` values from `initDist`
/// (default N(0, 100)). The density conditions on the first values; forward draws run the recursion
/// as a `scan` whose state is the last `p` values.
@discardableResult
public func AR(_ name: String, rho: [Double], sigma: any TensorLike = 1.0, initDist: Variable? = nil, steps: Int,
               observed: (any TensorLike)? = nil, dims: [String]? = nil) -> Variable {
    let p = rho.count
    guard p >= 1, steps >= 1 else { return .carrying(.invalidArgument("AR '\(name)': needs at least one coefficient and one step")) }
    let sigmaVar: Variable
    do { sigmaVar = try sigma.asVariable() } catch { return .carrying(.invalidArgument("AR '\(name)': \(error)")) }
    let start = initDist ?? Normal.dist(mu: 0, sigma: 100, shape: [p])
    let t = steps + p
    // The state holds [x_{t−p}, …, x_{t−1}]; x_t = Σ_k rho_k x_{t−k} + ε_t = reversed(rho) · state + ε_t.
    let weights = constant((try? NDArray(Array(rho.reversed()))) ?? NDArray(0.0))
    let loop = scan(steps: steps, initial: [start]) { _, states in
        let next = sum(weights * states[0]) + Random.normal(0.0, sigmaVar)
        let shifted = p == 1 ? expandDims(next, axis: 0) : concatenate([states[0][1...], expandDims(next, axis: 0)])
        return ScanStep(states: [shifted], outputs: [next])
    }
    let random: Variable? = concatenate([start, loop.outputs[0]])
    let initRV = start
    return CustomDist(name, logp: { x in
        var mu = 0.0 * x[p..<t]
        for k in 1...p { mu = mu + rho[k - 1] * x[(p - k)..<(t - k)] }
        let z = (x[p..<t] - mu) / sigmaVar
        let innovations = -0.5 * square(z) - log(sigmaVar) - 0.5 * Foundation.log(2 * Double.pi)
        let initial = (try? TesseraLogProb.logp(initRV, x[0..<p])) ?? .carrying(.invalidArgument("AR: initDist has no density"))
        return concatenate([initial, innovations])
    }, random: random, shape: [t], observed: observed, dims: dims)
}
