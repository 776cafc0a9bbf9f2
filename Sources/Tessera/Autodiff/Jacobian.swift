/// The Jacobian of `expression` with respect to `wrt`: shape `expression.shape + wrt.shape`,
/// built from one `grad` per element of `expression` (whose size must be known statically).
///
/// A scalar expression gives its gradient. An unknown size gives a variable carrying the error.
public func jacobian(_ expression: Variable, wrt: Variable) -> Variable {
    if expression.ndim == 0 { return grad(expression, wrt: wrt) }
    guard let shape = expression.type.knownShape else {
        return .invalid(.invalidArgument(
            "jacobian: the shape of '\(expression)' must be known statically, but it is \(Shape.format(expression.staticShape)); declare the input with a known shape"))
    }
    let n = shape.reduce(1, *)
    let flat = flatten(expression)
    let rows = (0..<n).map { grad(flat[$0], wrt: wrt) }
    let stacked = stack(rows, axis: 0)
    return expression.ndim == 1 ? stacked : reshape(stacked, shape + wrt.staticShape.map { $0 ?? -1 })
}

/// The Hessian of a scalar `cost` with respect to `wrt`: shape `wrt.shape + wrt.shape`
/// (the Jacobian of the gradient; `wrt`'s shape must be known statically).
public func hessian(_ cost: Variable, wrt: Variable) -> Variable {
    jacobian(grad(cost, wrt: wrt), wrt: wrt)
}
