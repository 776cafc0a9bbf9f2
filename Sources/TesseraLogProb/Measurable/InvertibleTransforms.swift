import Foundation
import Tessera

/// An elementwise invertible function of one random operand: its inverse and the log of the
/// inverse's derivative, so that `logp_Y(y) = logp_X(f⁻¹(y)) + log|d f⁻¹(y)/dy|`.
struct InvertibleStep {
    let inverse: (Variable) -> Variable
    let logJacobian: (Variable) -> Variable
}

/// Densities through invertible elementwise operations: `exp(normal)` is log-normal,
/// `2 * x + 1` a shifted and scaled density, chains of them compose.
struct InvertibleTransformRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let e = node.op as? Elemwise else { return nil }
        let random = node.inputs.indices.filter { d.dependsOnUnvaluedRandomVariable(node.inputs[$0]) }
        guard random.count == 1 else {
            if random.count > 1 {
                throw LogProbError.notMeasurable(
                    "'\(v)' = \(node.op.name) of several random operands: its density is not derivable; value each operand instead")
            }
            return nil
        }
        let k = random[0]
        let others = node.inputs.enumerated().filter { $0.offset != k }.map(\.element)
        guard let step = Self.step(e.scalarOp, randomOperand: k, others: others) else { return nil }
        let x = step.inverse(value)
        let inner = try d.logp(of: node.inputs[k], at: x)
        return inner + step.logJacobian(value)
    }

    /// The inverse and log-Jacobian of an elementwise op in its random operand `k`.
    static func step(_ op: any ScalarOp, randomOperand k: Int, others: [Variable]) -> InvertibleStep? {
        switch op {
        case is Exp:
            return InvertibleStep(inverse: { log($0) }, logJacobian: { -log($0) })
        case is Log:
            return InvertibleStep(inverse: { exp($0) }, logJacobian: { $0 })
        case is Neg:
            return InvertibleStep(inverse: { -$0 }, logJacobian: { _ in 0.0 })
        case is Add:
            let c = others[0]
            return InvertibleStep(inverse: { $0 - c }, logJacobian: { _ in 0.0 })
        case is Sub:
            let c = others[0]
            return k == 0
                ? InvertibleStep(inverse: { $0 + c }, logJacobian: { _ in 0.0 })
                : InvertibleStep(inverse: { c - $0 }, logJacobian: { _ in 0.0 })
        case is Mul:
            let c = others[0]
            return InvertibleStep(inverse: { $0 / c }, logJacobian: { _ in -log(abs(c)) })
        case is TrueDiv:
            let c = others[0]
            return k == 0
                ? InvertibleStep(inverse: { $0 * c }, logJacobian: { _ in log(abs(c)) })
                : InvertibleStep(inverse: { c / $0 }, logJacobian: { y in log(abs(c)) - 2.0 * log(abs(y)) })
        case is Pow where k == 0:
            // y = x^c (x > 0): x = y^(1/c), |dx/dy| = |1/c| y^(1/c − 1)
            let c = others[0]
            return InvertibleStep(inverse: { pow($0, 1.0 / c) },
                                  logJacobian: { y in (1.0 / c - 1.0) * log(y) - log(abs(c)) })
        case is Pow:
            // y = c^x (c > 0): x = log y / log c, |dx/dy| = 1 / (y |log c|)
            let c = others[0]
            return InvertibleStep(inverse: { log($0) / log(c) }, logJacobian: { y in -log(y) - log(abs(log(c))) })
        case is Sigmoid:
            // y = σ(x): x = logit y, |dx/dy| = 1/(y(1 − y))
            return InvertibleStep(inverse: { logit($0) }, logJacobian: { y in -log(y) - log1p(-y) })
        case is Logit:
            // y = logit x: x = σ(y), |dx/dy| = σ(y)(1 − σ(y))
            return InvertibleStep(inverse: { sigmoid($0) }, logJacobian: { y in -softplus(-y) - softplus(y) })
        case is Sinh:
            return InvertibleStep(inverse: { arcsinh($0) }, logJacobian: { y in -0.5 * log1p(square(y)) })
        case is Arcsinh:
            return InvertibleStep(inverse: { sinh($0) }, logJacobian: { y in log(cosh(y)) })
        case is Tanh:
            return InvertibleStep(inverse: { arctanh($0) }, logJacobian: { y in -log1p(-square(y)) })
        case is Arctanh:
            return InvertibleStep(inverse: { tanh($0) }, logJacobian: { y in log1p(-square(tanh(y))) })
        default:
            return nil
        }
    }
}
