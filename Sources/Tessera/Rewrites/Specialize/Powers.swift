/// `x ** 2 -> square(x)`, `x ** 0.5 -> sqrt(x)`, `x ** -1 -> reciprocal(x)`, `x ** 1 -> x`,
/// `x ** -0.5 -> reciprocal(sqrt(x))`, and small integer powers by repeated multiplication
/// (`x ** 3 -> square(x) * x`, `x ** 4 -> square(square(x))`)
struct SpecializePow: NodeRewrite {
    var name: String { "pow_specialize" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Pow.self) != nil, let p = Pattern.uniformConstant(node.inputs[1]),
              node.output(0).dtype.isFloat else { return nil }
        let x = node.inputs[0]
        let r: Variable
        switch p {
        case 1: r = x
        case 2: r = square(x)
        case 0.5: r = sqrt(x)
        case -1: r = reciprocal(x)
        case -0.5: r = reciprocal(sqrt(x))
        case 3: r = square(x) * x
        case 4: r = square(square(x))
        case -2: r = reciprocal(square(x))
        default: return nil
        }
        return sameType(r, node)
    }
}

/// `x * x -> square(x)`
struct MulSelf: NodeRewrite {
    var name: String { "mul_self_square" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Mul.self) != nil, node.inputs[0] === node.inputs[1] else { return nil }
        return sameType(square(node.inputs[0]), node)
    }
}

/// `sum(x * y) -> dot(x, y)` for two float vectors (one fused multiply-add loop)
struct SumOfProductToDot: NodeRewrite {
    var name: String { "sum_mul_to_dot" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard let s = node.op as? Sum, s.axes == nil || s.axes == [0], !s.keepdims,
              let (_, xy) = Pattern.elemwise(node.inputs[0], Mul.self),
              xy[0].ndim == 1, xy[1].ndim == 1, xy[0].dtype == .float64, xy[1].dtype == .float64,
              let a = xy[0].staticShape[0], a == xy[1].staticShape[0]
        else { return nil }
        return sameType(dot(xy[0], xy[1]), node)
    }
}

/// `second(x, y) -> y` when `y` already has the broadcast shape (scalar broadcasting simplified)
struct RedundantSecond: NodeRewrite {
    var name: String { "second_simplify" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard Pattern.scalarOp(node, Second.self) != nil else { return nil }
        let y = node.inputs[1], out = node.output(0)
        guard sameShapeStatically(y, out), y.dtype == out.dtype else { return nil }
        return [y]
    }
}

/// `matmul(transpose(A), B) -> MatMulTransposedA(A, B)` for a 2-d `A` (no copy of the transpose)
struct MatMulOfTranspose: NodeRewrite {
    var name: String { "matmul_transpose_a" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard node.op is MatMul, let t = node.inputs[0].owner, let ds = t.op as? DimShuffle, ds.order == [1, 0],
              t.inputs[0].ndim == 2, node.inputs[1].ndim <= 2, node.inputs[1].ndim >= 1
        else { return nil }
        return sameType(applyOp1(MatMulTransposedA(), t.inputs[0], node.inputs[1]), node)
    }
}
