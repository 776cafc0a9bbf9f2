import Foundation
import Tessera
import TesseraLogProb

extension Model {
    /// What each random variable is conditioned on: a free one's value variable (through its
    /// transform's `backward` when transformed), an observed one's data. A transform whose bounds
    /// depend on earlier variables (`Uniform("b", lower: 0, upper: 1 - a)`) reads their values too.
    var conditioning: [Variable: Variable] {
        var map: [Variable: Variable] = [:]
        for rv in freeRVs {
            let vv = rvsToValues[rv]!
            map[rv] = rvsToTransforms[rv].map { cloneReplace($0.backward(vv), map) } ?? vv
        }
        for rv in observedRVs { map[rv] = rvsToValues[rv]! }
        return map
    }

    /// The log-probability term of each random variable in `vars` (all by default), elementwise,
    /// with the transforms' log-Jacobians added when `jacobian` is true; potentials follow the terms.
    ///
    /// - Throws: when a density cannot be derived.
    public func logpTerms(vars: [Variable]? = nil, jacobian: Bool = true) throws -> [Variable] {
        let map = conditioning
        let derived = map.filter { customLogps[$0.key] == nil }
        let custom = map.filter { customLogps[$0.key] != nil }
        let factors = try factorizedJointLogProb(derived, conditioningOn: custom)
        var terms: [Variable] = []
        for rv in vars ?? basicRVs {
            guard let value = map[rv] else {
                throw ModelError.unknownVariable("logp: '\(rv)' is not a random variable of this model")
            }
            var term: Variable
            if let customLogp = customLogps[rv] {
                term = cloneReplace(customLogp(value), map)
            } else if let t = factors[value] {
                term = t
            } else {
                throw ModelError.unknownVariable("logp: '\(rv)' has no log-density term")
            }
            if jacobian, let t = rvsToTransforms[rv] {
                term = term + cloneReplace(t.logJacobianDeterminant(rvsToValues[rv]!), map)
            }
            terms.append(term)
        }
        if vars == nil {
            for p in potentials { terms.append(cloneReplace(p, map)) }
        }
        return terms
    }

    /// The model's joint log-density at its value variables, summed to a scalar (PyMC's `model.logp()`).
    ///
    /// Errors give a variable carrying them (thrown when compiled), so this reads like PyMC.
    public func logp(vars: [Variable]? = nil, jacobian: Bool = true) -> Variable {
        do {
            let terms = try logpTerms(vars: vars, jacobian: jacobian)
            guard var total = terms.first.map({ sum($0) }) else { return 0.0 }
            for t in terms.dropFirst() { total = total + sum(t) }
            total.name = "__logp"
            return total
        } catch {
            return .carrying(.invalidArgument("\(error)"))
        }
    }

    /// The gradient of ``logp(vars:jacobian:)`` with respect to the value variables, flattened and
    /// concatenated into one vector in `valueVars` order (PyMC's `model.dlogp()`).
    public func dlogp(vars: [Variable]? = nil, jacobian: Bool = true) -> Variable {
        let wrt = vars.map { $0.map { rvsToValues[$0] ?? $0 } } ?? valueVars
        let gs = grad(specializeConstantMasks([logp(jacobian: jacobian)])[0], wrt: wrt)
        guard !gs.isEmpty else { return constant(NDArray.zeros([0])) }
        return concatenate(gs.map { flatten($0) })
    }

    /// The Hessian of the log-density with respect to the flattened value variables (PyMC's `d2logp`);
    /// the value variables' shapes must be known statically.
    public func d2logp(jacobian: Bool = true) -> Variable {
        let sizes = valueVars.map { $0.type.knownShape?.reduce(1, *) }
        guard sizes.allSatisfy({ $0 != nil }) else {
            return .carrying(.invalidArgument("d2logp: every value variable needs a static shape"))
        }
        let n = sizes.reduce(0) { $0 + $1! }
        let x = tensor("__x", shape: [n])
        let flat = logpOnFlatVector(x, jacobian: jacobian)
        return hessian(flat, wrt: x)
    }

    /// The log-density as a function of one flat vector holding every value variable.
    func logpOnFlatVector(_ x: Variable, jacobian: Bool = true) -> Variable {
        var replacements: [Variable: Variable] = [:]
        var offset = 0
        for vv in valueVars {
            let shape = vv.type.knownShape ?? []
            let n = shape.reduce(1, *)
            replacements[vv] = reshape(x[offset..<(offset + n)], shape)
            offset += n
        }
        return cloneReplace(logp(jacobian: jacobian), replacements)
    }

    /// Compiles the log-density as a function of the value variables (in `valueVars` order).
    public func compileLogp(jacobian: Bool = true, mode: Mode? = nil) throws -> Function {
        try function(valueVars, [logp(jacobian: jacobian)], mode: mode)
    }

    /// Compiles the gradient (one flat vector) as a function of the value variables.
    public func compileDlogp(jacobian: Bool = true, mode: Mode? = nil) throws -> Function {
        try function(valueVars, [dlogp(jacobian: jacobian)], mode: mode)
    }

    /// Compiles the log-density and its gradient together (one fused function, the C backend by default).
    public func compileLogpDlogp(jacobian: Bool = true, mode: Mode? = nil) throws -> Function {
        try function(valueVars, [logp(jacobian: jacobian), dlogp(jacobian: jacobian)], mode: mode)
    }

    /// The log-density of each random variable (summed over its elements) at a point of value
    /// variables, by name: the way to find which variable makes a point `-inf`.
    public func pointLogps(_ point: [String: NDArray]) throws -> [String: Double] {
        let terms = try logpTerms()
        let inputs = valueVars
        let values = try valueArrays(point, caller: "pointLogps")
        let rvs = basicRVs
        let f = try function(inputs, terms.prefix(rvs.count).map { sum($0) }, mode: .vm)
        let out = try f.call(values)
        var result: [String: Double] = [:]
        for (rv, v) in zip(rvs, out) { result[nameOf(rv)] = v.storage[0] }
        return result
    }
}

extension Model {
    /// The value of each value variable in `point`, in `valueVars` order.
    ///
    /// - Throws: an error naming `caller` and the missing variable, with the names the point has.
    func valueArrays(_ point: [String: NDArray], caller: String) throws -> [NDArray] {
        try valueVars.map { vv -> NDArray in
            guard let v = point[vv.name ?? ""] else {
                throw ModelError.unknownVariable(
                    "\(caller): the point has no value for '\(vv.name ?? "?")' (it has \(point.keys.sorted()))")
            }
            return v
        }
    }
}
