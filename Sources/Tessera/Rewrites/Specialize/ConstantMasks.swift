/// An op whose outputs are elementwise functions of its inputs broadcast together: applying it to
/// a subset of the elements of every input gives the same subset of its output. Rewrites that
/// split a computation by a constant mask push such ops down to the selected elements.
public protocol ElementwiseOp: Op {}

extension Elemwise: ElementwiseOp {}

/// `sum(… where(m, a, b) …)` with a constant mask `m` → `sum(…a… over m) + sum(…b… over ¬m)`:
/// the elementwise tree is evaluated only on the elements each branch selects, constants are
/// gathered once here, and a branch that does not vary over the data becomes a count times one
/// value. This is what makes a censored likelihood of constant observed data cost what the
/// hand-written "count the observations at each bound" form costs (Stan's idiom), and why a
/// mask built from data is folded into indices at compile time rather than tested per call.
struct SumOfConstantMask: NodeRewrite {
    var name: String { "sum_constant_mask" }

    /// Masks smaller than this are not worth splitting.
    static let minimumSize = 16

    func rewrite(_ node: Apply) -> [Variable]? {
        let x = node.inputs[0]
        guard let s = node.op as? Sum, let shape = x.type.knownShape, s.isTotal(ofRank: shape.count) else { return nil }
        let size = shape.reduce(1, *)
        guard size >= Self.minimumSize, x.dtype.isFloat,
              let (switchNode, mask) = Self.findConstantMask(in: x, shape: shape) else { return nil }
        var selected: [Int] = [], rest: [Int] = []
        for (i, m) in mask.enumerated() { if m { selected.append(i) } else { rest.append(i) } }
        var total: Variable?
        for (indices, branch) in [(selected, 1), (rest, 2)] where !indices.isEmpty {
            var gather = MaskGather(shape: shape, indices: indices, size: size,
                                    resolved: (switchNode, switchNode.inputs[branch]))
            guard let part = gather.apply(x) else { return nil }
            let partSum: Variable
            if part.type.knownShape?.reduce(1, *) == 1 {
                partSum = sum(part) * constant(NDArray(Double(indices.count)))
            } else {
                partSum = sum(part)
            }
            total = total.map { $0 + partSum } ?? partSum
        }
        guard let total else { return nil }
        return sameType(total, node)
    }

    /// The first switch in `x`'s elementwise tree whose condition is a constant (when the mask is
    /// uniform, one branch is simply dropped): its node and its mask broadcast to `shape`.
    static func findConstantMask(in x: Variable, shape: [Int]) -> (Apply, [Bool])? {
        var seen: Set<Variable> = []
        var stack = [x]
        while let v = stack.popLast() {
            guard seen.insert(v).inserted, let node = v.owner, node.op is any ElementwiseOp else { continue }
            if let e = node.op as? Elemwise, e.scalarOp is Switch, let c = node.inputs[0].constantValue,
               let cShape = node.inputs[0].type.knownShape, Shape.broadcast([cShape, shape]) == shape {
                let plan = BroadcastPlan(output: shape, inputs: [c.shape])
                return (node, plan.gather(c.storage, input: 0).map { $0 != 0 })
            }
            stack.append(contentsOf: node.inputs)
        }
        return nil
    }
}

/// Rebuilds an elementwise tree on the elements `indices` (flat, of the broadcast shape `shape`),
/// with one switch resolved to one of its branches. Leaves of size one stay scalars (they
/// broadcast); constants are gathered here; other leaves are indexed.
struct MaskGather {
    let shape: [Int]
    let indices: [Int]
    let size: Int
    let resolved: (node: Apply, branch: Variable)
    private var memo: [Variable: Variable] = [:]
    /// Whether the indices are every element in order (then nothing is gathered).
    private let isAll: Bool

    init(shape: [Int], indices: [Int], size: Int, resolved: (Apply, Variable)) {
        self.shape = shape
        self.indices = indices
        self.size = size
        self.resolved = resolved
        isAll = indices.count == size
    }

    mutating func apply(_ v: Variable) -> Variable? {
        if let m = memo[v] { return m }
        let r = build(v)
        if let r { memo[v] = r }
        return r
    }

    private mutating func build(_ v: Variable) -> Variable? {
        guard let vShape = v.type.knownShape else { return nil }
        if let node = v.owner, node === resolved.node {
            // The branch in the switch's dtype (an integer literal branch stays as the switch computed it).
            guard let branch = apply(resolved.branch) else { return nil }
            return branch.dtype == v.dtype ? branch : cast(branch, to: v.dtype)
        }
        let count = vShape.reduce(1, *)
        if isAll {
            guard let node = v.owner, node.op is any ElementwiseOp, node.outputCount == 1 else { return v }
            var inputs: [Variable] = []
            for i in node.inputs { guard let g = apply(i) else { return nil }; inputs.append(g) }
            return zip(inputs, node.inputs).allSatisfy({ $0 === $1 }) ? v : applyOp1(node.op, inputs)
        }
        if count == 1 { return vShape.isEmpty ? v : reshape(v, []) }
        if let c = v.constantValue {
            let full = BroadcastPlan(output: shape, inputs: [c.shape]).gather(c.storage, input: 0)
            let picked = indices.map { full[$0] }
            if let first = picked.first, picked.allSatisfy({ $0 == first }) {
                return constant(NDArray(uncheckedShape: [], dtype: c.dtype, storage: [first]))
            }
            return constant(NDArray(uncheckedShape: [indices.count], dtype: c.dtype, storage: picked))
        }
        if let node = v.owner, node.op is any ElementwiseOp, node.outputCount == 1 {
            var inputs: [Variable] = []
            for i in node.inputs { guard let g = apply(i) else { return nil }; inputs.append(g) }
            return applyOp1(node.op, inputs)
        }
        let full = vShape == shape ? v : broadcastTo(v, shape)
        return flatten(full)[constant(NDArray(uncheckedShapeInts: indices))]
    }
}

/// Rewrites sums over constant masks (see the `sum_constant_mask` rewrite) — with constant folding and
/// merging — before a gradient is taken, so the gradient too runs only over the selected elements.
/// The model's compiled log-density uses it; compiled functions run the same rewrite in their
/// specialize phase.
public func specializeConstantMasks(_ outputs: [Variable]) -> [Variable] {
    var engine = RewriteEngine(stop: [])
    return engine.run(outputs, rewrites: [SumOfConstantMask()])
}
