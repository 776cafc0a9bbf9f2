/// `dimshuffle(dimshuffle(x, a), b) -> dimshuffle(x, a∘b)`; an identity dimshuffle -> `x`
/// (so a double transpose disappears).
struct FoldDimShuffles: NodeRewrite {
    var name: String { "fold_dimshuffle" }
    func rewrite(_ node: Apply) -> [Variable]? {
        guard let outer = node.op as? DimShuffle else { return nil }
        let x = node.inputs[0]
        if outer.order == (0..<x.ndim).map({ $0 }) { return [x] }
        guard let inner = x.owner?.op as? DimShuffle, let source = x.owner?.inputs[0] else { return nil }
        let composed: [Int?] = outer.order.map { $0.flatMap { inner.order[$0] } }
        // Axes dropped by the outer shuffle must be new axes of the inner one, or size-1 axes of the source.
        let kept = Set(composed.compactMap { $0 })
        for a in 0..<source.ndim where !kept.contains(a) && source.staticShape[a] != 1 { return nil }
        if composed == (0..<source.ndim).map({ $0 }) { return [source] }
        return [applyOp1(DimShuffle(order: composed), source)]
    }
}
