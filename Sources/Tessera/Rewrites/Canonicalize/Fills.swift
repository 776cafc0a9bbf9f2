/// `op(second(x, a), b) -> second(x, op(a, b))`: a fill (a value broadcast to another's shape, as
/// gradients of sums produce) moves outward past elementwise ops, so the arithmetic runs on the value
/// itself — often a scalar — and the full-size array is never written (PyTensor's `local_fill_sink`).
struct FillSink: NodeRewrite {
    var name: String { "fill_sink" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard let e = node.op as? Elemwise, !(e.scalarOp is Second), node.outputCount == 1 else { return nil }
        for (k, input) in node.inputs.enumerated() {
            guard let (_, xa) = Pattern.elemwise(input, Second.self), xa[1].dtype == input.dtype else { continue }
            var inputs = node.inputs
            inputs[k] = xa[1]
            let inner = applyOp1(e, inputs)
            guard inner.buildError == nil else { return nil }
            return sameType(elemwise(Second(), xa[0], inner), node)
        }
        return nil
    }
}

/// `sum(second(x, a)) -> a · size(x)` for a single value `a` over a statically shaped `x` (the sum of
/// a fill; also a `ReduceTo` down to one element), so a gradient's count needs no loop.
struct SumOfFill: NodeRewrite {
    var name: String { "sum_fill" }
    func rewrite(_ node: Apply) -> [Variable]? {
        let out = node.output(0)
        if let s = node.op as? Sum {
            guard s.isTotal(ofRank: node.inputs[0].ndim) else { return nil }
        } else {
            guard node.op is ReduceTo, out.type.knownShape?.reduce(1, *) == 1 else { return nil }
        }
        guard let (_, xa) = Pattern.elemwise(node.inputs[0], Second.self),
              let full = node.inputs[0].type.knownShape, xa[1].type.knownShape?.reduce(1, *) == 1,
              xa[1].dtype.isFloat, out.dtype == xa[1].dtype, let outShape = out.type.knownShape
        else { return nil }
        let value = xa[1].ndim == 0 ? xa[1] : reshape(xa[1], [])
        let total = value * constant(NDArray(Double(full.reduce(1, *))))
        return sameType(outShape.isEmpty ? total : reshape(total, outShape), node)
    }
}
