import Foundation
import Tessera
import TesseraLogProb

extension Model {
    /// The model as a Graphviz DOT graph in plate notation, like `pm.model_to_graphviz`: ellipses for
    /// free random variables, shaded ellipses for observed ones, boxes for deterministics, rounded
    /// boxes for data, octagons for potentials; variables sharing a shape sit in one plate.
    public func modelGraph() -> String {
        let vars = order.compactMap { name in named[name].map { (name, $0) } }
        let ids = Dictionary(uniqueKeysWithValues: vars.map { (ObjectIdentifier($0.1), $0.0) })
        var out = "digraph {\n"
        // Plates by shape (dims names where known).
        var plates: [String: [String]] = [:]
        var plateOrder: [String] = []
        for (name, v) in vars {
            let label = plateLabel(name, v)
            if plates[label] == nil { plateOrder.append(label) }
            plates[label, default: []].append(name)
        }
        for label in plateOrder {
            let members = plates[label]!.map { "\t\t" + node($0, named[$0]!) }.joined(separator: "\n")
            if label.isEmpty {
                out += members.replacingOccurrences(of: "\t\t", with: "\t") + "\n"
            } else {
                out += "\tsubgraph \"cluster\(label)\" {\n\(members)\n\t\tlabel=\"\(label)\" labeljust=r labelloc=b style=rounded\n\t}\n"
            }
        }
        for (name, v) in vars {
            for parent in namedParents(of: v, ids: ids) where parent != name {
                out += "\t\"\(parent)\" -> \"\(name)\"\n"
            }
        }
        return out + "}\n"
    }

    private func plateLabel(_ name: String, _ v: Variable) -> String {
        if let d = dims[name] { return d.map { "\($0) (\(coords[$0]?.count ?? 0))" }.joined(separator: " x ") }
        let shape = (v.type.knownShape ?? v.value?.shape ?? [])
        return shape.map(String.init).joined(separator: " x ")
    }

    private func node(_ name: String, _ v: Variable) -> String {
        let q = "\"\(name)\""
        if observedRVs.contains(v) {
            return "\(q) [label=\"\(name)\n~\n\(distributionLabel(v))\" shape=ellipse style=filled fillcolor=gray]"
        }
        if freeRVs.contains(v) { return "\(q) [label=\"\(name)\n~\n\(distributionLabel(v))\" shape=ellipse]" }
        if deterministics.contains(v) { return "\(q) [label=\"\(name)\n~\nDeterministic\" shape=box]" }
        if potentials.contains(v) { return "\(q) [label=\"\(name)\n~\nPotential\" shape=octagon]" }
        return "\(q) [label=\"\(name)\n~\nData\" shape=box style=\"rounded, filled\"]"
    }

    private func distributionLabel(_ v: Variable) -> String {
        if let rv = v.randomVariable {
            let n = rv.distribution.name
            return n.prefix(1).uppercased() + n.dropFirst()
        }
        if customLogps[v] != nil { return "CustomDist" }
        if let e = v.owner?.op as? Elemwise, e.scalarOp is Clip { return "Censored" }
        return "Derived"
    }

    /// The nearest named variables that `v` is computed from.
    private func namedParents(of v: Variable, ids: [ObjectIdentifier: String]) -> [String] {
        var found: [String] = []
        var seen = Set<ObjectIdentifier>()
        var stack = v.owner?.inputs ?? []
        if v.randomVariable != nil { stack = Array(stack.dropFirst(2)) }
        while let x = stack.popLast() {
            let id = ObjectIdentifier(x)
            guard seen.insert(id).inserted else { continue }
            if let n = ids[id] {
                if !found.contains(n) { found.append(n) }
                continue
            }
            if let owner = x.owner {
                stack.append(contentsOf: x.randomVariable != nil ? Array(owner.inputs.dropFirst(2)) : owner.inputs)
            }
        }
        return found.sorted()
    }

    /// Explains a model that fails to evaluate: each variable's log-density at the initial point,
    /// and for a non-finite one which parameters or data make it so.
    public func debug(point: [String: NDArray]? = nil) -> String {
        var lines: [String] = []
        do {
            let p = try point ?? initialPoint()
            let logps = try pointLogps(p)
            let bad = basicRVs.map(nameOf).filter { !(logps[$0]?.isFinite ?? false) }
            if bad.isEmpty {
                lines.append("The model's log-density is finite at the point: every variable is fine.")
            } else {
                lines.append("The log-density is not finite at the point; the culprits:")
                for name in bad {
                    let rv = named[name]!
                    var line = "- '\(name)' has log-density \(logps[name] ?? .nan)"
                    if observedRVs.contains(rv), let data = rvsToValues[rv]?.constantValue {
                        line += "; its observed data ranges over [\(data.doubles.min() ?? .nan), \(data.doubles.max() ?? .nan)]: check it lies in the distribution's support"
                    } else {
                        line += "; check its parameters (e.g. a scale ≤ 0) and its value \(p[rvsToValues[rv]?.name ?? ""]?.description ?? "?")"
                    }
                    lines.append(line)
                }
            }
            for (name, v) in logps.sorted(by: { $0.key < $1.key }) { lines.append("  logp(\(name)) = \(v)") }
        } catch {
            lines.append("The model cannot be evaluated: \(error)")
        }
        return lines.joined(separator: "\n")
    }
}
