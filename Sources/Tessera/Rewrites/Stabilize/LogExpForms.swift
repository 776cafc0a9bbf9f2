/// Helpers for matching `1 ± f(x)` with the constant on either side.
private enum OnePlus {
    /// `1 - f` (or `-f + 1`): the `f` operand.
    static func oneMinus(_ v: Variable) -> Variable? {
        guard let (_, ins) = Pattern.elemwise(v, Sub.self), Pattern.isConstant(ins[0], 1) else { return nil }
        return ins[1]
    }
    /// `f + 1` or `1 + f`: the `f` operand.
    static func onePlus(_ v: Variable) -> Variable? {
        guard let (_, ins) = Pattern.elemwise(v, Add.self) else { return nil }
        if Pattern.isConstant(ins[1], 1) { return ins[0] }
        if Pattern.isConstant(ins[0], 1) { return ins[1] }
        return nil
    }
}

/// Keeps a rewrite only when the replacement has the original output's static shape and dtype.
func sameType(_ new: Variable, _ node: Apply) -> [Variable]? {
    let out = node.output(0)
    guard Pattern.keepsShape(new, of: out), new.dtype == out.dtype else { return nil }
    return [new]
}

/// `log(1 - exp(x)) -> log1mexp(x)`
struct LogOneMinusExp: NodeRewrite {
    var name: String { "log1mexp" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil, let e = OnePlus.oneMinus(node.inputs[0]),
              let (_, x) = Pattern.elemwise(e, Exp.self) else { return nil }
        return sameType(log1mexp(x[0]), node)
    }
}

/// `log(1 + exp(x)) -> softplus(x)`, `log1p(exp(x)) -> softplus(x)`
struct LogOnePlusExp: NodeRewrite {
    var name: String { "softplus" }
    func rewrite(_ node: Apply) -> [Variable]? {
        let inner: Variable?
        if Pattern.scalarOp(node, Log.self) != nil { inner = OnePlus.onePlus(node.inputs[0]) }
        else if Pattern.scalarOp(node, Log1p.self) != nil { inner = node.inputs[0] }
        else { inner = nil }
        guard let inner, let (_, x) = Pattern.elemwise(inner, Exp.self) else { return nil }
        return sameType(softplus(x[0]), node)
    }
}

/// `log(1 + x) -> log1p(x)`
struct LogOnePlus: NodeRewrite {
    var name: String { "log1p" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil, let x = OnePlus.onePlus(node.inputs[0]) else { return nil }
        return sameType(log1p(x), node)
    }
}

/// `exp(x) - 1 -> expm1(x)`
struct ExpMinusOne: NodeRewrite {
    var name: String { "expm1" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Sub.self) != nil, Pattern.isConstant(node.inputs[1], 1),
              let (_, x) = Pattern.elemwise(node.inputs[0], Exp.self) else { return nil }
        return sameType(expm1(x[0]), node)
    }
}

/// `log(sigmoid(x)) -> -softplus(-x)`, `log(1 - sigmoid(x)) -> -softplus(x)`
struct LogSigmoid: NodeRewrite {
    var name: String { "log_sigmoid" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil else { return nil }
        if let (_, x) = Pattern.elemwise(node.inputs[0], Sigmoid.self) { return sameType(-softplus(-x[0]), node) }
        if let s = OnePlus.oneMinus(node.inputs[0]), let (_, x) = Pattern.elemwise(s, Sigmoid.self) {
            return sameType(-softplus(x[0]), node)
        }
        return nil
    }
}

/// `log(sum(exp(x))) -> logsumexp(x)` (same axes)
struct LogSumOfExp: NodeRewrite {
    var name: String { "logsumexp" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil, let s = node.inputs[0].owner, let sumOp = s.op as? Sum,
              let (_, x) = Pattern.elemwise(s.inputs[0], Exp.self) else { return nil }
        return sameType(logsumexp(x[0], axes: sumOp.axes, keepdims: sumOp.keepdims), node)
    }
}

/// `log(exp(x) / sum(exp(x), axis, keepdims)) -> x - logsumexp(x, axis, keepdims)` (log-softmax)
struct LogSoftmax: NodeRewrite {
    var name: String { "log_softmax" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil, let (_, q) = Pattern.elemwise(node.inputs[0], TrueDiv.self),
              let (_, x) = Pattern.elemwise(q[0], Exp.self), let s = q[1].owner, let sumOp = s.op as? Sum,
              sumOp.keepdims, s.inputs[0] === q[0] else { return nil }
        return sameType(x[0] - logsumexp(x[0], axes: sumOp.axes, keepdims: true), node)
    }
}

/// `log(x / y) -> log(x) - log(y)` where `x` or `y` is an `exp` (whose log then cancels,
/// so `log(exp(a) / exp(b))` never overflows)
struct LogOfRatio: NodeRewrite {
    var name: String { "log_div" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil, let (_, q) = Pattern.elemwise(node.inputs[0], TrueDiv.self),
              Pattern.elemwise(q[0], Exp.self) != nil || Pattern.elemwise(q[1], Exp.self) != nil else { return nil }
        return sameType(log(q[0]) - log(q[1]), node)
    }
}

/// `log(erfc(x)) -> where(x > 0, log(erfcx(x)) - x², log(erfc(x)))`: erfc underflows past x ≈ 26.5,
/// its scaled form does not (each branch evaluated at a safe point where unused, for clean gradients)
struct LogErfc: NodeRewrite {
    var name: String { "log_erfc" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil, let (_, x) = Pattern.elemwise(node.inputs[0], Erfc.self)
        else { return nil }
        let positive = x[0] .> 0.0
        let xp = `where`(positive, x[0], 1.0)
        let xn = `where`(positive, 0.0, x[0])
        return sameType(`where`(positive, log(erfcx(xp)) - xp * xp, log(erfc(xn))), node)
    }
}

/// `sqrt(x²) -> abs(x)` (also `sqrt(x * x)`, `sqrt(x ** 2)`)
struct SqrtOfSquare: NodeRewrite {
    var name: String { "sqrt_square" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Sqrt.self) != nil else { return nil }
        let inner = node.inputs[0]
        if let (_, x) = Pattern.elemwise(inner, Square.self) { return sameType(abs(x[0]), node) }
        if let (_, x) = Pattern.elemwise(inner, Mul.self), x[0] === x[1] { return sameType(abs(x[0]), node) }
        if let (_, x) = Pattern.elemwise(inner, Pow.self), Pattern.isConstant(x[1], 2) { return sameType(abs(x[0]), node) }
        return nil
    }
}

/// `1 - erf(x) -> erfc(x)`, `1 - erfc(x) -> erf(x)`
struct OneMinusErf: NodeRewrite {
    var name: String { "erfc" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard let inner = OnePlus.oneMinus(node.output(0)) else { return nil }
        if let (_, x) = Pattern.elemwise(inner, Erf.self) { return sameType(erfc(x[0]), node) }
        if let (_, x) = Pattern.elemwise(inner, Erfc.self) { return sameType(erf(x[0]), node) }
        return nil
    }
}
