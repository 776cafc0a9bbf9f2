import Tessera

/// A value transform for sampling in an unconstrained space: `forward` maps a constrained
/// value to the real line (or ℝⁿ), `backward` maps it back, and `logJacobianDeterminant`
/// is `log |det ∂backward(y)/∂y|`, added to the log-density of the unconstrained value.
///
/// Elementwise transforms (`ndimSupp == 0`) return an elementwise log-Jacobian; vector
/// transforms (`ndimSupp == 1`) return one per vector (the last axis reduced).
public protocol Transform: Sendable {
    /// PyMC's name, used in value-variable names (`sigma_log__`).
    var name: String { get }
    /// 0 for elementwise transforms, 1 for transforms of vectors along the last axis.
    var ndimSupp: Int { get }
    /// Constrained → unconstrained.
    func forward(_ x: Variable) -> Variable
    /// Unconstrained → constrained.
    func backward(_ y: Variable) -> Variable
    /// `log |det ∂backward(y)/∂y|`.
    func logJacobianDeterminant(_ y: Variable) -> Variable
}

extension Transform {
    public var ndimSupp: Int { 0 }
}

/// Positive values: `y = log x`.
public struct LogTransform: Transform {
    public init() {}
    public var name: String { "log" }
    public func forward(_ x: Variable) -> Variable { log(x) }
    public func backward(_ y: Variable) -> Variable { exp(y) }
    public func logJacobianDeterminant(_ y: Variable) -> Variable { y }
}

/// The unit interval: `y = logit x`.
public struct LogOddsTransform: Transform {
    public init() {}
    public var name: String { "logodds" }
    public func forward(_ x: Variable) -> Variable { logit(x) }
    public func backward(_ y: Variable) -> Variable { sigmoid(y) }
    /// `log σ(y) + log(1 − σ(y)) = −softplus(−y) − softplus(y)`
    public func logJacobianDeterminant(_ y: Variable) -> Variable { -softplus(-y) - softplus(y) }
}

/// An interval with tensor bounds (either may be absent): `y = log((x − a)/(b − x))`,
/// or `log(x − a)` / `log(b − x)` with one bound.
public struct IntervalTransform: Transform {
    public let lower: Variable?
    public let upper: Variable?

    public init(lower: Variable?, upper: Variable?) {
        self.lower = lower
        self.upper = upper
    }

    public var name: String { "interval" }

    public func forward(_ x: Variable) -> Variable {
        switch (lower, upper) {
        case let (a?, b?): log(x - a) - log(b - x)
        case let (a?, nil): log(x - a)
        case let (nil, b?): log(b - x)
        case (nil, nil): x
        }
    }

    public func backward(_ y: Variable) -> Variable {
        switch (lower, upper) {
        case let (a?, b?): a + (b - a) * sigmoid(y)
        case let (a?, nil): a + exp(y)
        case let (nil, b?): b - exp(y)
        case (nil, nil): y
        }
    }

    public func logJacobianDeterminant(_ y: Variable) -> Variable {
        switch (lower, upper) {
        case let (a?, b?): log(b - a) - softplus(-y) - softplus(y)
        case (.some, nil), (nil, .some): y
        case (nil, nil): zerosLike(y)
        }
    }
}

/// Positive values through `y = log(exp(x) − 1)` (the inverse softplus).
public struct LogExpM1Transform: Transform {
    public init() {}
    public var name: String { "log_exp_m1" }
    public func forward(_ x: Variable) -> Variable { log(expm1(x)) }
    public func backward(_ y: Variable) -> Variable { softplus(y) }
    /// `log σ(y) = −softplus(−y)`
    public func logJacobianDeterminant(_ y: Variable) -> Variable { -softplus(-y) }
}

/// Increasing vectors: `y₀ = x₀`, `yᵢ = log(xᵢ − xᵢ₋₁)`.
public struct OrderedTransform: Transform {
    public init() {}
    public var name: String { "ordered" }
    public var ndimSupp: Int { 1 }

    public func forward(_ x: Variable) -> Variable {
        concatenate([x[.ellipsis, 0..<1], log(x[.ellipsis, 1...] - x[.ellipsis, ..<(-1)])], axis: -1)
    }
    public func backward(_ y: Variable) -> Variable {
        cumsum(concatenate([y[.ellipsis, 0..<1], exp(y[.ellipsis, 1...])], axis: -1), axis: -1)
    }
    public func logJacobianDeterminant(_ y: Variable) -> Variable { sum(y[.ellipsis, 1...], axis: -1) }
}

/// The simplex (positive vectors summing to 1) through the additive log-ratio:
/// `yᵢ = log xᵢ − log x_K` for `i < K`, back by `softmax([y, 0])`; `log|J| = Σ log xᵢ`.
public struct SimplexTransform: Transform {
    public init() {}
    public var name: String { "simplex" }
    public var ndimSupp: Int { 1 }

    public func forward(_ x: Variable) -> Variable {
        log(x[.ellipsis, ..<(-1)]) - log(x[.ellipsis, (-1)...])
    }
    public func backward(_ y: Variable) -> Variable {
        let z = concatenate([y, zerosLike(y[.ellipsis, 0..<1])], axis: -1)
        return exp(z - logsumexp(z, axis: -1, keepdims: true))
    }
    /// `Σᵢ<K yᵢ − K · logsumexp([y, 0])`
    public func logJacobianDeterminant(_ y: Variable) -> Variable {
        let z = concatenate([y, zerosLike(y[.ellipsis, 0..<1])], axis: -1)
        let k = cast(shape(z)[-1], to: .float64)
        return sum(y, axis: -1) - k * logsumexp(z, axis: -1)
    }
}

/// Angles: values are wrapped into [−π, π) on the way back (`atan2(sin y, cos y)`); Jacobian 1.
public struct CircularTransform: Transform {
    public init() {}
    public var name: String { "circular" }
    public func forward(_ x: Variable) -> Variable { x }
    public func backward(_ y: Variable) -> Variable { arctan2(sin(y), cos(y)) }
    public func logJacobianDeterminant(_ y: Variable) -> Variable { zerosLike(y) }
}

extension Support {
    /// The transform PyMC uses for this support by default (`nil`: sample as is).
    public var defaultTransform: (any Transform)? {
        switch self {
        case .real, .realVector, .integers, .countVector: nil
        case .positive: LogTransform()
        case .unitInterval: LogOddsTransform()
        case .interval(let a, let b): IntervalTransform(lower: a, upper: b)
        case .lowerBounded(let a): IntervalTransform(lower: a, upper: nil)
        case .simplex: SimplexTransform()
        case .circular: CircularTransform()
        }
    }
}

/// Cholesky factors of correlation matrices (LKJ): `n(n−1)/2` unconstrained reals become canonical partial
/// correlations `z = tanh(y)`, and row `i` of `L` is built so that it has unit norm
/// (`L[i,j] = z_ij √(1 − Σ_{k<j} L[i,k]²)`, `L[i,i] = √(1 − Σ_{k<i} L[i,k]²)`), as in Stan's reference manual
/// ("Cholesky factors of correlation matrices"). `log|J| = Σ_{i>j} [log(1 − z_ij²) + ½ log(1 − Σ_{k<j} L[i,k]²)]`.
public struct CholeskyCorrTransform: Transform {
    public let n: Int
    public init(n: Int) { self.n = n }
    public var name: String { "cholesky_corr" }
    public var ndimSupp: Int { 2 }

    /// The (i, j) pairs below the diagonal, row by row: the order of the unconstrained vector.
    public var pairs: [(Int, Int)] { (1..<max(n, 1)).flatMap { i in (0..<i).map { (i, $0) } } }

    /// The rows of L as lists of scalar tensors, with the terms of the log-Jacobian.
    func build(_ y: Variable) -> (rows: [[Variable]], logJacobian: Variable) {
        var rows: [[Variable]] = [[1.0]]
        var lj: Variable = 0.0
        var k = 0
        for i in 1..<max(n, 1) {
            var row: [Variable] = []
            var remaining: Variable = 1.0  // 1 − Σ L[i,k]² so far
            for _ in 0..<i {
                let z = tanh(y[k])
                k += 1
                row.append(z * sqrt(remaining))
                lj = lj + log1p(-square(z)) + 0.5 * log(remaining)
                remaining = remaining - square(row.last!)
            }
            row.append(sqrt(remaining))
            rows.append(row)
        }
        return (rows, lj)
    }

    public func backward(_ y: Variable) -> Variable {
        let rows = build(y).rows
        let zero: Variable = 0.0
        return stack(rows.map { row in stack(row + Array(repeating: zero, count: n - row.count)) })
    }

    public func forward(_ x: Variable) -> Variable {
        var out: [Variable] = []
        for i in 1..<max(n, 1) {
            var remaining: Variable = 1.0
            for j in 0..<i {
                let l = x[i, j]
                out.append(arctanh(l / sqrt(remaining)))
                remaining = remaining - square(l)
            }
        }
        return stack(out)
    }

    public func logJacobianDeterminant(_ y: Variable) -> Variable { build(y).logJacobian }
}
