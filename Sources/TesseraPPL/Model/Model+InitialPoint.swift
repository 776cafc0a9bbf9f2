import Foundation
import Tessera
import TesseraLogProb

extension Model {
    /// The starting point of inference, by value-variable name, in the unconstrained space:
    /// a user's `initval` (transformed), else zero in the unconstrained space for transformed
    /// variables (the median of the transform: 1 for `log`, ½ for `logodds`) and for real ones,
    /// else a draw from the prior for discrete ones; with `jitter`, uniform(−1, 1) noise is added
    /// to the continuous ones (PyMC's `jitter+adapt_diag`).
    public func initialPoint(seed: UInt64? = nil, jitter: Bool = false) throws -> [String: NDArray] {
        var point: [String: NDArray] = [:]
        var rng = RandomState(seed: seed ?? 0)
        let discreteDraws = try drawDiscreteStarts(seed: seed ?? 0)
        for rv in freeRVs {
            let vv = rvsToValues[rv]!
            let name = vv.name ?? "?"
            let shape = try concreteShape(rv)
            var value: NDArray
            if let given = initvals[rv] {
                let t = rvsToTransforms[rv]
                value = try (t.map { $0.forward(constant(given.astype(.float64))) } ?? constant(given)).eval()
                guard value.shape == shape else {
                    throw ModelError.invalid("initval of '\(nameOf(rv))' has shape \(given.shape), the variable \(shape)")
                }
            } else if rv.dtype.isDiscrete {
                value = discreteDraws[rv] ?? NDArray(repeating: 0, shape: shape, dtype: rv.dtype)
            } else if let known = vv.type.knownShape {
                value = NDArray.zeros(known)
            } else {
                let prior = try draw(rv, draws: 1, seed: 1)
                let one = try prior.reshaped(to: shape)
                let unconstrained = try (rvsToTransforms[rv]?.forward(constant(one)) ?? constant(one)).eval()
                value = NDArray.zeros(unconstrained.shape)
            }
            if jitter && rv.dtype.isFloat {
                let noise = (0..<value.count).map { _ in 2 * rng.uniform() - 1 }
                value = try NDArray(shape: value.shape, elements: zip(value.doubles, noise).map(+), dtype: value.dtype)
            }
            point[name] = value
        }
        return point
    }

    /// The concrete shape of a random variable (its static shape, or one prior draw's).
    func concreteShape(_ rv: Variable) throws -> [Int] {
        if let s = rv.type.knownShape { return s }
        return try draw(rv, draws: 1, seed: 1).shape.dropFirst().map { $0 }
    }

    /// Prior draws of the discrete free variables (valid starting points for them).
    func drawDiscreteStarts(seed: UInt64) throws -> [Variable: NDArray] {
        let discrete = freeRVs.filter { $0.dtype.isDiscrete }
        guard !discrete.isEmpty else { return [:] }
        let draws = try draw(discrete, draws: 1, seed: seed)
        var out: [Variable: NDArray] = [:]
        for (rv, d) in zip(discrete, draws) { out[rv] = try d.reshaped(to: Array(d.shape.dropFirst())) }
        return out
    }
}
