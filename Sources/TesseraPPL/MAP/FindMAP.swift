import Foundation
import Tessera
import TesseraLogProb

/// A maximum a posteriori estimate that did not converge: the best point found and why.
public struct MAPNotConvergedError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let iterations: Int
    public let gradientNorm: Double
    public var description: String {
        "findMAP did not converge after \(iterations) iterations (gradient norm \(gradientNorm)): \(message); try another start, or check the model with model.debug()"
    }
}

/// The optimiser `findMAP` uses.
public enum MAPMethod: Sendable {
    /// Limited-memory BFGS with a strong-Wolfe line search (the default).
    case lbfgs
}

/// The maximum a posteriori point: L-BFGS on the unconstrained space using the compiled
/// log-density and gradient (the transforms' log-Jacobians excluded, so the mode is that of the
/// posterior density in the constrained space, as PyMC's `find_MAP`).
///
/// - Returns: every value variable (transformed ones under their `_log__` names) and every
///   random variable and deterministic in its constrained space, by name.
/// - Throws: ``MAPNotConvergedError`` when the optimiser fails; model errors for a bad start.
public func findMAP(_ model: Model, start: [String: NDArray]? = nil, method: MAPMethod = .lbfgs, seed: UInt64? = nil,
                    maxIterations: Int = 5000) throws -> [String: NDArray] {
    let lf = try model.logpDlogpFunction(jacobian: false)
    let x0 = try lf.ravel(start ?? model.initialPoint(seed: seed))
    var optimizer = LBFGS()
    optimizer.maxIterations = maxIterations
    let result = optimizer.minimize(x0) { x, g in
        let lp = lf(x, gradient: &g)
        for i in g.indices { g[i] = -g[i] }
        return -lp
    }
    guard result.converged else {
        throw MAPNotConvergedError(message: result.message, iterations: result.iterations, gradientNorm: result.gradientNorm)
    }
    return try model.constrainedPoint(lf.unravel(result.x))
}

extension Model {
    /// A point of value variables completed with each free random variable and deterministic in
    /// its constrained space, by name.
    public func constrainedPoint(_ point: [String: NDArray]) throws -> [String: NDArray] {
        var out = point
        let vvs = valueVars
        let values = try valueArrays(point, caller: "constrainedPoint")
        let map = conditioning
        let targets = freeRVs.map { map[$0]! } + deterministics.map { cloneReplace($0, map) }
        let names = freeRVs.map(nameOf) + deterministics.map(nameOf)
        guard !targets.isEmpty else { return out }
        let f = try function(vvs, targets, mode: .vm)
        for (name, v) in zip(names, try f.call(values)) { out[name] = v }
        return out
    }
}
