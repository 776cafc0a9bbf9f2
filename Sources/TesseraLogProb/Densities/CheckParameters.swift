import Foundation
import Tessera

/// What a failed parameter check does: `-inf` log-probability (the default, so samplers reject
/// the point) or a thrown error naming the parameter (PyMC's `ParameterValueError`).
public enum ParameterCheckMode: Sendable {
    case negativeInfinity
    case raise
}

/// Global settings of the log-probability layer.
public enum LogProbConfig {
    nonisolated(unsafe) private static var _checkMode: ParameterCheckMode = .negativeInfinity
    private static let lock = NSLock()

    /// A mode for the graphs built inside `LogProbConfig.$scopedParameterChecks.withValue(.raise) { … }`:
    /// scoped to the task, so concurrent code (and parallel tests) keep their own setting.
    @TaskLocal public static var scopedParameterChecks: ParameterCheckMode?

    /// What new parameter checks do when a condition fails (the process-wide default; see `scopedParameterChecks`).
    public static var parameterChecks: ParameterCheckMode {
        get { lock.lock(); defer { lock.unlock() }; return _checkMode }
        set { lock.lock(); defer { lock.unlock() }; _checkMode = newValue }
    }
}

/// Passes `logp` through where every condition holds; elsewhere gives `-inf`, or throws an
/// error with `message` in ``ParameterCheckMode/raise`` mode (PyMC's `check_parameters`).
public struct CheckParameters: ElementwiseOp {
    public let message: String
    public let mode: ParameterCheckMode

    public var name: String { "CheckParameters{\(message)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let shape = Shape.broadcastStatic(inputs.map(\.staticShape)) else {
            throw TesseraError.shapeMismatch("check_parameters: the log-probability and its conditions cannot be broadcast together")
        }
        return [TensorType(dtype: inputs[0].dtype, shape: shape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        guard let shape = Shape.broadcast(inputs.map(\.shape)) else {
            throw TesseraError.shapeMismatch("check_parameters: shapes \(inputs.map(\.shape)) cannot be broadcast together")
        }
        let plan = BroadcastPlan(output: shape, inputs: inputs.map(\.shape))
        var out = plan.gather(inputs[0].storage, input: 0)
        for k in 1..<inputs.count {
            let cond = inputs[k].count == 1 ? [Double](repeating: inputs[k].storage[0], count: out.count)
                : plan.gather(inputs[k].storage, input: k)
            for i in out.indices where cond[i] == 0 {
                if mode == .raise {
                    throw TesseraError.invalidArgument(message)
                }
                out[i] = -.infinity
            }
        }
        outputs[0] = try NDArray(shape: shape, elements: out, dtype: outputs[0].dtype)
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        // The gradient flows where the checks pass (elsewhere the value is a constant -inf).
        var g = outputGradients[0]
        for c in node.inputs.dropFirst() { g = g * cast(c, to: .float64) }
        return [g] + node.inputs.dropFirst().map { _ in nil }
    }

    public func cCode(_ k: CKernel) -> String? {
        guard mode == .negativeInfinity else { return nil }
        let out = k.outputs[0]
        return CLoops.elementwise(out: out, inputs: k.inputs, prefix: k.prefix) { e, o in
            let conds = e.dropFirst().map { "\($0) != 0.0" }.joined(separator: " && ")
            return "\(out.name)[\(o)] = (\(conds)) ? \(e[0]) : -INFINITY;"
        }
    }
}

/// `logp` where every condition holds, `-inf` (or a thrown error, see ``LogProbConfig``) elsewhere.
/// `message` names the distribution and the parameter: `"normal: sigma > 0"`.
public func checkParameters(_ logp: Variable, _ conditions: [Variable], message: String) -> Variable {
    if conditions.isEmpty { return logp }
    let mode = LogProbConfig.scopedParameterChecks ?? LogProbConfig.parameterChecks
    return applyOp1(CheckParameters(message: message, mode: mode), [logp] + conditions)
}
