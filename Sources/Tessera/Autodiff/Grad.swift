/// What `grad` does for a `wrt` variable that the cost does not depend on.
public enum DisconnectedInputs: Sendable {
    /// Its gradient is zeros of its shape (PyTensor's `disconnected_inputs="ignore"`).
    case zero
    /// Its gradient carries an error, thrown when the gradient is compiled.
    case raise
}

/// The gradient of a scalar `cost` with respect to `wrt`, as a symbolic graph (reverse mode).
///
/// The result can be printed, rewritten, compiled, and differentiated again.
/// ```swift
/// let x = scalar("x")
/// let dx = grad(log(x), wrt: x)      // 1 / x
/// ```
/// A non-scalar or integer cost gives a variable carrying the error, thrown when compiled.
public func grad(_ cost: Variable, wrt: Variable, disconnected: DisconnectedInputs = .zero) -> Variable {
    grad(cost, wrt: [wrt], disconnected: disconnected)[0]
}

/// The gradients of a scalar `cost` with respect to each of `wrt`, in order (reverse mode).
///
/// Each op's ``Op/pullback(_:_:)`` gives the gradients of its inputs from those of its outputs;
/// contributions along several paths are summed.
/// - Complexity: one pullback per node between `wrt` and `cost`.
public func grad(_ cost: Variable, wrt: [Variable], disconnected: DisconnectedInputs = .zero) -> [Variable] {
    if let e = cost.buildError ?? Graph.firstBuildError(wrt) { return wrt.map { _ in .invalid(e) } }
    guard cost.ndim == 0 else {
        return wrt.map { _ in
            .invalid(.invalidArgument(
                "grad: the cost must be a scalar, but '\(cost)' has \(cost.ndim) dimension(s) \(Shape.format(cost.staticShape)); sum it first, or use jacobian"))
        }
    }
    guard cost.dtype.isFloat else {
        return wrt.map { _ in
            .invalid(.dtypeMismatch("grad: the cost '\(cost)' is \(cost.dtype); only float costs have gradients"))
        }
    }
    let order = Graph.topologicalOrder(outputs: [cost])
    let targets = Set(wrt)

    // Forward: which variables depend on some `wrt` (only their gradients are needed).
    var connected = targets
    for node in order where node.inputs.contains(where: connected.contains) {
        for o in node.outputs { connected.insert(o) }
    }

    // Reverse: accumulate gradient contributions.
    var contributions: [Variable: [Variable]] = [cost: [gradientOnes(like: cost)]]
    func total(_ v: Variable) -> Variable? {
        guard let parts = contributions[v], var s = parts.first else { return nil }
        for p in parts.dropFirst() { s = s + p }
        return s
    }
    for node in order.reversed() {
        guard node.outputs.contains(where: connected.contains),
              node.inputs.contains(where: connected.contains)
        else { continue }
        let outputs = node.outputs
        guard outputs.contains(where: { contributions[$0] != nil }) else { continue }
        let outGrads = outputs.map { o in total(o) ?? gradientZeros(like: o) }
        let inGrads = node.op.pullback(node, outGrads)
        for (x, g) in zip(node.inputs, inGrads) {
            guard let g, connected.contains(x), x.dtype.isFloat || targets.contains(x) else { continue }
            contributions[x, default: []].append(g)
        }
    }
    return wrt.map { v in
        if let g = total(v) { return g }
        switch disconnected {
        case .zero: return gradientZeros(like: v)
        case .raise:
            return .invalid(.invalidArgument(
                "grad: the cost '\(cost)' does not depend on '\(v)'; pass disconnected: .zero for a zero gradient"))
        }
    }
}

/// Zeros with the shape of `x` (float64 for discrete `x`).
func gradientZeros(like x: Variable) -> Variable {
    broadcastLike(constant(NDArray(uncheckedShape: [], dtype: x.dtype.promotedToFloat, storage: [0])), x)
}

/// Ones with the shape of `x` (float64 for discrete `x`).
func gradientOnes(like x: Variable) -> Variable {
    broadcastLike(constant(NDArray(uncheckedShape: [], dtype: x.dtype.promotedToFloat, storage: [1])), x)
}
