/// The fusion phase: chains of elementwise nodes whose intermediate results are used only
/// inside the chain become one ``Composite`` node (one loop instead of one pass per op).
///
/// `exp(x * 0.5 + 1) / y` → `Composite{true_div(exp(add(mul(i0, 0.5), 1.)), i1)}(x, y)`.
enum FuseElemwise {
    static func apply(_ outputs: [Variable], stop: Set<Variable>) -> (outputs: [Variable], count: Int) {
        let order = Graph.topologicalOrder(outputs: outputs, stop: stop)
        // How many times each variable is used (graph outputs count as uses).
        var uses: [Variable: Int] = [:]
        for node in order { for i in node.inputs { uses[i, default: 0] += 1 } }
        for o in outputs { uses[o, default: 0] += 1 }

        func fusible(_ node: Apply) -> Bool {
            guard let e = node.op as? Elemwise else { return false }
            return e.scalarOp is any UnaryScalarOp || e.scalarOp is any BinaryScalarOp
                || e.scalarOp is any TernaryScalarOp
        }

        // Each fusible node absorbs operand nodes that are fusible and used only inside its group.
        var absorbed = Set<ObjectIdentifier>()
        var groups: [ObjectIdentifier: Bool] = [:]  // root → has absorbed something
        for node in order.reversed() where fusible(node) && !absorbed.contains(ObjectIdentifier(node)) {
            var members: [Apply] = [node]
            var memberIDs: Set<ObjectIdentifier> = [ObjectIdentifier(node)]
            var grew = true
            while grew {
                grew = false
                var internalUses: [Variable: Int] = [:]
                for m in members { for i in m.inputs { internalUses[i, default: 0] += 1 } }
                for (v, n) in internalUses {
                    guard let owner = v.owner, !stop.contains(v), !memberIDs.contains(ObjectIdentifier(owner)),
                          !absorbed.contains(ObjectIdentifier(owner)), fusible(owner), owner.outputCount == 1,
                          uses[v] == n
                    else { continue }
                    members.append(owner)
                    memberIDs.insert(ObjectIdentifier(owner))
                    grew = true
                }
            }
            for m in members.dropFirst() { absorbed.insert(ObjectIdentifier(m)) }
            groups[ObjectIdentifier(node)] = members.count > 1
        }
        guard groups.values.contains(true) else { return (outputs, 0) }

        var map: [Variable: Variable] = [:]
        var count = 0
        for node in order {
            let id = ObjectIdentifier(node)
            if absorbed.contains(id) { continue }
            let inputs = node.inputs.map { map[$0] ?? $0 }
            var out: [Variable]
            if groups[id] == true {
                out = [buildComposite(root: node, absorbed: absorbed, map: map)]
                count += 1
            } else if zip(inputs, node.inputs).contains(where: { $0 !== $1 }) {
                out = applyOp(node.op, inputs)
            } else {
                out = node.outputs
            }
            for (o, n) in zip(node.outputs, out) where o !== n {
                if n.name == nil { n.name = o.name }
                map[o] = n
            }
        }
        return (outputs.map { map[$0] ?? $0 }, count)
    }

    private static func buildComposite(root: Apply, absorbed: Set<ObjectIdentifier>, map: [Variable: Variable]) -> Variable {
        var steps: [Composite.Step] = []
        var inputs: [Variable] = []
        var inputIndex: [Variable: Int] = [:]
        var stepOf: [ObjectIdentifier: Int] = [:]

        func operand(_ v: Variable) -> Composite.Operand {
            if let owner = v.owner, absorbed.contains(ObjectIdentifier(owner)) {
                return .step(emit(owner))
            }
            if let c = v.constantValue, c.count == 1, c.dtype == .float64 || c.dtype == .int64 {
                return .literal(c.storage[0])
            }
            let actual = map[v] ?? v
            if let k = inputIndex[actual] { return .input(k) }
            inputIndex[actual] = inputs.count
            inputs.append(actual)
            return .input(inputs.count - 1)
        }
        func emit(_ node: Apply) -> Int {
            if let s = stepOf[ObjectIdentifier(node)] { return s }
            let e = node.op as! Elemwise
            let ops = node.inputs.map(operand)
            steps.append(Composite.Step(scalarOp: e.scalarOp, operands: ops, dtype: node.outputTypes[0].dtype))
            stepOf[ObjectIdentifier(node)] = steps.count - 1
            return steps.count - 1
        }
        _ = emit(root)
        let composite = Composite(steps: steps, inputCount: inputs.count, outputDType: root.outputTypes[0].dtype)
        // The fused node keeps the root's static shape: literals never broadcast beyond a scalar.
        return applyOp1(Elemwise(composite), inputs)
    }
}
