/// Graph walking: the nodes between some inputs and some outputs, in an order where
/// each node comes after the nodes computing its inputs.
public enum Graph {
    /// The apply nodes needed to compute `outputs`, stopping at `stop` (treated as leaves),
    /// in topological order. Iterative, so deep graphs do not overflow the stack.
    public static func topologicalOrder(outputs: [Variable], stop: Set<Variable> = []) -> [Apply] {
        var order: [Apply] = []
        var visited = Set<ObjectIdentifier>()
        // Explicit stack of (node, next input index).
        var stack: [(Apply, Int)] = []
        func push(_ v: Variable) {
            guard !stop.contains(v), let node = v.owner else { return }
            let id = ObjectIdentifier(node)
            if visited.contains(id) { return }
            visited.insert(id)
            stack.append((node, 0))
        }
        for out in outputs {
            push(out)
            while let (node, i) = stack.last {
                if i < node.inputs.count {
                    stack[stack.count - 1].1 = i + 1
                    push(node.inputs[i])
                } else {
                    stack.removeLast()
                    order.append(node)
                }
            }
        }
        return order
    }

    /// The leaf variables (no owner, or in `stop`) that `outputs` depend on, in first-seen order.
    public static func leaves(of outputs: [Variable], stop: Set<Variable> = []) -> [Variable] {
        var seen = Set<Variable>()
        var result: [Variable] = []
        func visit(_ v: Variable) {
            if (v.owner == nil || stop.contains(v)) && !seen.contains(v) {
                seen.insert(v)
                result.append(v)
            }
        }
        for o in outputs { visit(o) }
        for node in topologicalOrder(outputs: outputs, stop: stop) { node.inputs.forEach(visit) }
        return result
    }

    /// The free symbolic inputs (not constants, not shared) that `outputs` depend on.
    public static func inputs(of outputs: [Variable]) -> [Variable] {
        leaves(of: outputs).filter(\.isInput)
    }

    /// The first build error found in `outputs` (see ``Variable/buildError``).
    static func firstBuildError(_ outputs: [Variable]) -> TesseraError? {
        outputs.lazy.compactMap(\.buildError).first
    }
}
