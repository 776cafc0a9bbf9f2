/// Graph replacement: rebuilds the part of a graph that depends on replaced variables,
/// leaving the original graph untouched (graphs are immutable; new nodes are made).
public enum Replace {
    /// Rebuilds `outputs` with each key of `replacements` replaced by its value.
    ///
    /// - Parameter strict: when true, a replacement must have the same dtype and rank as the variable it replaces.
    static func rebuild(_ outputs: [Variable], _ replacements: [Variable: Variable], strict: Bool,
                        allowingRankChange: Bool = false) -> [Variable] {
        for (old, new) in replacements {
            if let e = new.buildError { return outputs.map { _ in .invalid(e) } }
            if (old.ndim != new.ndim && !allowingRankChange) || (strict && old.dtype != new.dtype) {
                let e = TesseraError.dtypeMismatch(
                    "cloneReplace: '\(new)' (\(new.type)) cannot replace '\(old)' (\(old.type)); a replacement needs the same rank\(strict ? " and dtype" : "")")
                return outputs.map { _ in .invalid(e) }
            }
        }
        var map = replacements
        let order = Graph.topologicalOrder(outputs: outputs, stop: Set(replacements.keys))
        for node in order {
            let newInputs = node.inputs.map { map[$0] ?? $0 }
            guard zip(newInputs, node.inputs).contains(where: { $0 !== $1 }) else { continue }
            let newOutputs = applyOp(node.op, newInputs)
            for (o, n) in zip(node.outputs, newOutputs) {
                if let name = o.name, n.name == nil { n.name = name }
                map[o] = n
            }
        }
        return outputs.map { map[$0] ?? $0 }
    }
}

/// Copies of `outputs` with variables replaced (`x` by `exp(x)` …); the original graph is unchanged.
///
/// ```swift
/// let r = cloneReplace(w, [x: exp(x)])
/// ```
public func cloneReplace(_ output: Variable, _ replacements: [Variable: Variable]) -> Variable {
    Replace.rebuild([output], replacements, strict: false)[0]
}

/// Like ``cloneReplace(_:_:)->Variable`` but replacements may have another rank: the rebuilt ops see the
/// new shapes (elementwise graphs broadcast over them). Used to vectorise a loop body over its steps.
public func cloneReplace(_ output: Variable, _ replacements: [Variable: Variable], allowingRankChange: Bool) -> Variable {
    Replace.rebuild([output], replacements, strict: false, allowingRankChange: allowingRankChange)[0]
}

/// Copies of several outputs with variables replaced; the original graph is unchanged.
public func cloneReplace(_ outputs: [Variable], _ replacements: [Variable: Variable]) -> [Variable] {
    Replace.rebuild(outputs, replacements, strict: false)
}

/// Like ``cloneReplace(_:_:)->[Variable]`` but each replacement must have exactly the type
/// (dtype and rank) of the variable it replaces, as PyTensor's `graph_replace`.
public func graphReplace(_ outputs: [Variable], _ replacements: [Variable: Variable]) -> [Variable] {
    Replace.rebuild(outputs, replacements, strict: true)
}

extension Graph {
    /// A copy of the whole graph computing `outputs`: every node made anew (equal ops, new variables),
    /// the leaves (inputs, constants, shared variables) kept — PyTensor's `clone` of a function graph.
    public static func clone(_ outputs: [Variable]) -> [Variable] {
        var map: [Variable: Variable] = [:]
        for node in topologicalOrder(outputs: outputs) {
            let inputs = node.inputs.map { map[$0] ?? $0 }
            for (o, n) in zip(node.outputs, applyOp(node.op, inputs)) {
                n.name = o.name
                map[o] = n
            }
        }
        return outputs.map { map[$0] ?? $0 }
    }

    /// Every variable `outputs` depend on (themselves included), in topological order.
    public static func ancestors(of outputs: [Variable]) -> [Variable] {
        var seen = Set<Variable>()
        var result: [Variable] = []
        func add(_ v: Variable) { if seen.insert(v).inserted { result.append(v) } }
        for node in topologicalOrder(outputs: outputs) {
            node.inputs.forEach(add)
            node.outputs.forEach(add)
        }
        outputs.forEach(add)
        return result
    }
}
