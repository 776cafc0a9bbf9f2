/// `x * 1 -> x`, `1 * x -> x`
struct MulByOne: NodeRewrite {
    var name: String { "mul_by_one" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Mul.self) != nil else { return nil }
        let (a, b) = (node.inputs[0], node.inputs[1])
        let out = node.output(0)
        if Pattern.isConstant(b, 1), Pattern.keepsShape(a, of: out), a.dtype == out.dtype { return [a] }
        if Pattern.isConstant(a, 1), Pattern.keepsShape(b, of: out), b.dtype == out.dtype { return [b] }
        return nil
    }
}

/// `x + 0 -> x`, `0 + x -> x`, `x - 0 -> x`
struct AddZero: NodeRewrite {
    var name: String { "add_zero" }
    func rewrite(_ node: Apply) -> [Variable]? {
        let isAdd = Pattern.scalarOp(node, Add.self) != nil
        guard isAdd || Pattern.scalarOp(node, Sub.self) != nil else { return nil }
        let (a, b) = (node.inputs[0], node.inputs[1])
        let out = node.output(0)
        if Pattern.isConstant(b, 0), Pattern.keepsShape(a, of: out), a.dtype == out.dtype { return [a] }
        if isAdd, Pattern.isConstant(a, 0), Pattern.keepsShape(b, of: out), b.dtype == out.dtype { return [b] }
        return nil
    }
}

/// `x / 1 -> x`
struct DivByOne: NodeRewrite {
    var name: String { "div_by_one" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, TrueDiv.self) != nil, Pattern.isConstant(node.inputs[1], 1) else { return nil }
        let a = node.inputs[0], out = node.output(0)
        return Pattern.keepsShape(a, of: out) && a.dtype == out.dtype ? [a] : nil
    }
}

/// `--x -> x`
struct DoubleNegation: NodeRewrite {
    var name: String { "double_neg" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Neg.self) != nil, let (_, inner) = Pattern.elemwise(node.inputs[0], Neg.self)
        else { return nil }
        return [inner[0]]
    }
}

/// `x - (-y) -> x + y`, `x + (-y) -> x - y`
struct SubNeg: NodeRewrite {
    var name: String { "sub_neg" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard let (_, inner) = Pattern.elemwise(node.inputs.count == 2 ? node.inputs[1] : node.inputs[0], Neg.self)
        else { return nil }
        if Pattern.scalarOp(node, Sub.self) != nil { return [node.inputs[0] + inner[0]] }
        if Pattern.scalarOp(node, Add.self) != nil { return [node.inputs[0] - inner[0]] }
        return nil
    }
}

/// `c * x -> x * c`, `c + x -> x + c` (constants move right, so later rewrites see one form)
struct ConstantsRight: NodeRewrite {
    var name: String { "constants_right" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard node.inputs.count == 2, node.inputs[0].isConstant, !node.inputs[1].isConstant,
              let e = node.op as? Elemwise, e.scalarOp is Add || e.scalarOp is Mul
        else { return nil }
        return [applyOp1(e, node.inputs[1], node.inputs[0])]
    }
}

/// `(x + c1) + c2 -> x + (c1 + c2)`, `(x * c1) * c2 -> x * (c1 * c2)` (the constants then fold)
struct ConstantsTogether: NodeRewrite {
    var name: String { "constants_together" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard let e = node.op as? Elemwise, e.scalarOp is Add || e.scalarOp is Mul,
              node.inputs[1].isConstant, let inner = node.inputs[0].owner, let ie = inner.op as? Elemwise,
              AnyHashable(ie.scalarOp) == AnyHashable(e.scalarOp), inner.inputs[1].isConstant
        else { return nil }
        let c = applyOp1(e, inner.inputs[1], node.inputs[1])
        return [applyOp1(e, inner.inputs[0], c)]
    }
}

/// `log(exp(x)) -> x`
struct LogOfExp: NodeRewrite {
    var name: String { "log_exp" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Log.self) != nil, let (_, x) = Pattern.elemwise(node.inputs[0], Exp.self),
              x[0].dtype == node.output(0).dtype
        else { return nil }
        return [x[0]]
    }
}

/// `exp(log(x)) -> where(x >= 0, x, nan)` (exact where the log is defined)
struct ExpOfLog: NodeRewrite {
    var name: String { "exp_log" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Exp.self) != nil, let (_, x) = Pattern.elemwise(node.inputs[0], Log.self)
        else { return nil }
        return sameType(`where`(x[0] .>= 0.0, x[0], Double.nan.asTensor), node)
    }
}

/// `reshape(reshape(x, s1), s2) -> reshape(x, s2)`
struct ReshapeOfReshape: NodeRewrite {
    var name: String { "reshape_reshape" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard node.op is Reshape, let inner = node.inputs[0].owner, inner.op is Reshape else { return nil }
        return [applyOp1(node.op, [inner.inputs[0], node.inputs[1]])]
    }
}

/// `x * c1 * c2` and `(x + c1) - c2` chains are folded by ``ConstantsTogether``; this one flattens sums:
/// `(x + c) + y -> (x + y) + c`, so constants gather at the top and fold (PyTensor's flattening of sums).
struct MoveConstantsUp: NodeRewrite {
    var name: String { "flatten_sums" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard let e = node.op as? Elemwise, e.scalarOp is Add || e.scalarOp is Mul,
              !node.inputs[1].isConstant, let inner = node.inputs[0].owner, let ie = inner.op as? Elemwise,
              AnyHashable(ie.scalarOp) == AnyHashable(e.scalarOp), inner.inputs[1].isConstant, !inner.inputs[0].isConstant
        else { return nil }
        return [applyOp1(e, applyOp1(e, inner.inputs[0], node.inputs[1]), inner.inputs[1])]
    }
}
