/// The sum of an elementwise computation over all its elements, in one loop: the elementwise
/// values are accumulated as they are computed and never written out. Made by the fusion phase
/// from `sum(elemwise(…))` (and a gradient's `ReduceTo` down to one element) when nothing else
/// uses the elementwise result — a log-density over data costs one pass, not two.
public struct SumOfElemwise: Op {
    /// The elementwise computation (often a ``Composite``).
    public let elemwise: Elemwise
    /// The output's shape: `[]`, or all ones (a `ReduceTo` that kept the axes).
    public let outputShape: [Int]

    public var name: String { "Sum{\(elemwise.name)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let t = try elemwise.outputTypes(inputs)[0]
        return [TensorType(dtype: t.dtype, shape: outputShape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        var values = [NDArray(uncheckedShape: [], dtype: outputs[0].dtype, storage: [0])]
        try elemwise.perform(inputs, &values)
        var total = 0.0
        for v in values[0].storage { total += v }
        outputs[0].prepare(shape: outputShape, dtype: outputs[0].dtype)
        outputs[0].storage[0] = total
    }

    public func cCode(_ k: CKernel) -> String? {
        let n = k.inputs.map(\.count).max() ?? 1
        // One flat loop: every operand is full-size or a single value (checked when fused).
        guard k.inputs.allSatisfy({ $0.count == n || $0.count == 1 }) else { return nil }
        let p = k.prefix
        let dtype = k.outputs[0].dtype
        var failed = false
        let element = { (i: String) -> String in
            let elems = k.inputs.map { $0.count == 1 && n != 1 ? "\($0.name)[0]" : "\($0.name)[\(i)]" }
            guard let e = Self.expression(self.elemwise.scalarOp, elems, kernel: k, dtype: dtype) else {
                failed = true
                return "0"
            }
            return e
        }
        let sum = CLoops.fullSum(of: element, count: n, into: "\(k.outputs[0].name)[0]", prefix: p)
        if failed { return nil }
        return n >= CLoops.vectorLoopMinimum ? "{ const int tess_vector_loop = 1; \(sum) }" : sum
    }

    /// A C expression for one element: a composite's steps as a statement expression.
    static func expression(_ op: any ScalarOp, _ elems: [String], kernel k: CKernel, dtype: DType) -> String? {
        let p = k.prefix
        guard let c = op as? Composite else {
            return k.scalarExpression(op, elems).map { CDType.round($0, dtype) }
        }
        var body = ""
        for (j, step) in c.steps.enumerated() {
            let args = step.operands.map { operand -> String in
                switch operand {
                case .input(let i): return elems[i]
                case .step(let t): return "\(p)t\(t)"
                case .literal(let v): return CEmitter.literal(v)
                }
            }
            guard let e = k.scalarExpression(step.scalarOp, args) else { return nil }
            body += "double \(p)t\(j) = \(CDType.round(e, step.dtype)); "
        }
        return "({ \(body)\(p)t\(c.steps.count - 1); })"
    }
}

/// The second half of the fusion phase: sums whose operand is an elementwise node used nowhere else
/// become one ``SumOfElemwise`` node.
enum FuseReductions {
    /// Shorter loops gain nothing from fusing.
    static let minimumSize = 64

    static func apply(_ outputs: [Variable], stop: Set<Variable>) -> (outputs: [Variable], count: Int) {
        let order = Graph.topologicalOrder(outputs: outputs, stop: stop)
        var uses: [Variable: Int] = [:]
        for node in order { for i in node.inputs { uses[i, default: 0] += 1 } }
        for o in outputs { uses[o, default: 0] += 1 }
        var map: [Variable: Variable] = [:]
        var count = 0
        for node in order {
            let inputs = node.inputs.map { map[$0] ?? $0 }
            var out: [Variable]? = nil
            if let fused = fuse(node, inputs: inputs, uses: uses, stop: stop) {
                out = [fused]
                count += 1
            } else if zip(inputs, node.inputs).contains(where: { $0 !== $1 }) {
                out = applyOp(node.op, inputs)
            }
            guard let out else { continue }
            for (o, n) in zip(node.outputs, out) where o !== n {
                if n.name == nil { n.name = o.name }
                map[o] = n
            }
        }
        return (outputs.map { map[$0] ?? $0 }, count)
    }

    private static func fuse(_ node: Apply, inputs: [Variable], uses: [Variable: Int], stop: Set<Variable>) -> Variable? {
        let out = node.output(0)
        guard let outShape = out.type.knownShape, outShape.reduce(1, *) == 1 else { return nil }
        if let s = node.op as? Sum {
            guard s.isTotal(ofRank: node.inputs[0].ndim) else { return nil }
        } else if !(node.op is ReduceTo) {
            return nil
        }
        let v = inputs[0]
        guard uses[node.inputs[0]] == 1, !stop.contains(v), let owner = v.owner, let e = owner.op as? Elemwise,
              owner.outputCount == 1, v.dtype == out.dtype, v.dtype.isFloat,
              let full = v.type.knownShape, full.reduce(1, *) >= minimumSize,
              owner.inputs.allSatisfy({ i in
                  guard let s = i.type.knownShape else { return false }
                  return s == full || s.reduce(1, *) == 1
              })
        else { return nil }
        let fused = applyOp1(SumOfElemwise(elemwise: e, outputShape: outShape), owner.inputs)
        return fused.buildError == nil ? fused : nil
    }
}
