import Tessera

/// The density of a scanned sequence whose body draws a random variable from the previous state:
/// `log p(x) = Σ_t log p_body(x_t | x_{t−1})`, computed at once by feeding the body the shifted sequence
/// `[initial, x_0, …, x_{T−2}]` as its state (the body is elementwise in the state).
struct ScanRule: MeasurableRule {
    func logp(_ node: Apply, _ v: Variable, _ value: Variable, _ d: Derivation) throws -> Variable? {
        guard let scan = node.op as? Scan else { return nil }
        let body = scan.body
        let initial = node.inputs[0]
        let outer = Array(node.inputs.dropFirst())
        let previous = concatenate([expandDims(initial, axis: 0), value[..<(scan.steps - 1)]])
        let inner = try Derivation(valued: [body.next: value]).logp(of: body.next, at: value)
        var replacements: [Variable: Variable] = [body.prev: previous]
        for (p, o) in zip(body.outer, outer) { replacements[p] = o }
        return cloneReplace(inner, replacements, allowingRankChange: true)
    }
}
