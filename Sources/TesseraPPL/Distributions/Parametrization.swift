import Foundation
import Tessera
import TesseraLogProb

/// A family's arguments that do not make one parametrisation (both `sigma` and `tau`, `alpha`
/// without `beta` …); the family records it in the model (see ``DistributionBuilder``).
struct ParametrizationError: Error, CustomStringConvertible {
    let description: String
}

/// Turning PyMC's alternative parametrisations into the sampler's parameters, symbolically.
enum Param {
    /// The argument as a float tensor (integer constants and tensors are cast to float64), so
    /// derived parameters (`mu² / sigma²`) are computed in floating point.
    static func float(_ x: any TensorLike) throws -> Variable {
        let v = try x.asVariable()
        return v.dtype.isFloat ? v : cast(v, to: .float64)
    }

    /// The names of the arguments given, for messages: `"alpha, sigma"` (or `"none"`).
    static func given(_ args: [(String, (any TensorLike)?)]) -> String {
        let names = args.filter { $0.1 != nil }.map(\.0)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }

    /// A scale from `sigma` or a precision (`tau`, or `lam` for Student's t): σ = τ^(−1/2), default 1
    /// (PyMC's `get_tau_sigma`).
    /// - Throws: when both are given.
    static func scale(_ sigma: (any TensorLike)?, precision: (any TensorLike)?, precisionName: String = "tau")
        throws -> any TensorLike
    {
        switch (sigma, precision) {
        case (let s?, nil): return s
        case (nil, let t?): return pow(try float(t), -0.5)
        case (nil, nil): return 1.0
        case (.some, .some):
            throw ParametrizationError(description: "give sigma or \(precisionName), not both")
        }
    }

    /// The one argument given among `options` (PyMC's "Incompatible parametrization").
    /// - Throws: when none or more than one is given.
    static func exactlyOne(_ options: [(String, (any TensorLike)?)]) throws -> (index: Int, value: any TensorLike) {
        let given = options.enumerated().compactMap { k, o in o.1.map { (k, $0) } }
        guard given.count == 1 else {
            let names = options.map(\.0)
            let choice = names.count == 2 ? "\(names[0]) or \(names[1])"
                : names.dropLast().joined(separator: ", ") + " or " + names.last!
            throw ParametrizationError(description:
                "give exactly one of \(choice) (given: \(Self.given(options)))")
        }
        return (given[0].0, given[0].1)
    }

    /// A probability from `p` or its log-odds `logitP` (p = σ(logitP)).
    /// - Throws: when none or both are given.
    static func probability(_ p: (any TensorLike)?, logitP: (any TensorLike)?) throws -> any TensorLike {
        let (k, v) = try exactlyOne([("p", p), ("logitP", logitP)])
        return k == 0 ? v : sigmoid(try float(v))
    }

    /// Probabilities along the last axis from `p` or from log-odds `logitP` (p = softmax(logitP)).
    /// - Throws: when none or both are given.
    static func probabilities(_ p: (any TensorLike)?, logitP: (any TensorLike)?) throws -> any TensorLike {
        let (k, v) = try exactlyOne([("p", p), ("logitP", logitP)])
        guard k == 1 else { return v }
        let l = try float(v)
        return exp(l - logsumexp(l, axis: -1, keepdims: true))
    }

    /// Probabilities along the last axis as PyMC takes them: constant ones must be non-negative
    /// and are rescaled to sum to 1 where a row does not; tensors pass as they are.
    /// - Throws: a negative constant probability.
    static func rescaled(_ p: any TensorLike) throws -> any TensorLike {
        let v = try p.asVariable()
        guard let c = v.constantValue, let k = c.shape.last, k > 0 else { return v }
        if let bad = c.storage.first(where: { !($0 >= 0) }) {
            throw ParametrizationError(description: "p must hold non-negative probabilities, but has the value \(bad)")
        }
        var out = c.doubles
        var changed = false
        for start in stride(from: 0, to: out.count, by: k) {
            var total = 0.0
            for j in start..<(start + k) { total += out[j] }
            guard abs(total - 1) > 1e-8, total > 0 else { continue }
            for j in start..<(start + k) { out[j] /= total }
            changed = true
        }
        return changed ? constant(try NDArray(shape: c.shape, elements: out, dtype: .float64)) : v
    }

    /// Checks constant arguments now, with `holds` on each broadcast pair of values.
    /// - Throws: the first pair that fails, with `message(a, b)`.
    static func checkConstants(_ a: Variable, _ b: Variable, where holds: (Double, Double) -> Bool,
                               _ message: (Double, Double) -> String) throws {
        guard let x = a.constantValue, let y = b.constantValue,
              let shape = Shape.broadcast([x.shape, y.shape]) else { return }
        let plan = BroadcastPlan(output: shape, inputs: [x.shape, y.shape])
        let u = plan.gather(x.storage, input: 0), v = plan.gather(y.storage, input: 1)
        if let i = u.indices.first(where: { !holds(u[$0], v[$0]) }) {
            throw ParametrizationError(description: message(u[i], v[i]))
        }
    }
}

extension DistributionBuilder {
    /// ``make(_:_:name:observed:shape:dims:transform:initval:)`` for a family with alternative
    /// parametrisations: `resolve` turns the arguments into the sampler's parameters; what it
    /// throws (both `sigma` and `tau` …) is recorded in the current model, named after `family`
    /// and the variable, and thrown by `Model { }`.
    static func make(
        _ distribution: any DensityDistribution, family: String, name: String?,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil,
        resolve: () throws -> [any TensorLike]
    ) -> Variable {
        let params: [any TensorLike]
        do {
            params = try resolve()
        } catch {
            let who = name.map { "\(family) '\($0)'" } ?? "\(family).dist"
            return fail(Model.current, "\(who): \(error)")
        }
        return make(distribution, params, name: name, observed: observed, shape: shape, dims: dims,
                    transform: transform, initval: initval)
    }
}
