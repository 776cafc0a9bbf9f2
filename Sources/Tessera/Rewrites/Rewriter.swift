import Foundation

/// A local rewrite: looks at one node and, when its pattern matches, returns variables that
/// compute the same values as the node's outputs (more stably or faster).
public protocol NodeRewrite: Sendable {
    /// The name used to exclude it and to list it among the rewrites that fired.
    var name: String { get }
    /// Replacements for `node.outputs`, or `nil` when the pattern does not match.
    func rewrite(_ node: Apply) -> [Variable]?
}

/// A named group of rewrites run together to a fixed point.
public struct RewritePhase: Sendable {
    public let name: String
    public let rewrites: [any NodeRewrite]
}

/// Which rewrites compiling a function runs. Phases run in order — canonicalize,
/// stabilize, specialize, fusion — each to a fixed point; merge (common subexpressions
/// once), constant folding and dead-code removal always run.
///
/// ```swift
/// try function([x], [y], rewrites: .default.excluding("fusion", "log1mexp"))
/// ```
public struct Rewrites: Sendable {
    /// Names of phases or single rewrites not to run.
    public var excluded: Set<String>
    /// Whether any rewriting happens at all (merge and folding included).
    public var isEnabled: Bool

    /// Every phase.
    public static let `default` = Rewrites(excluded: [], isEnabled: true)
    /// No rewriting: the graph runs as written.
    public static let none = Rewrites(excluded: [], isEnabled: false)

    /// These rewrites without the named phases or rewrites.
    public func excluding(_ names: String...) -> Rewrites {
        var r = self
        r.excluded.formUnion(names)
        return r
    }

    /// The phases in the order they run.
    public static var phases: [RewritePhase] {
        [
            RewritePhase(name: "canonicalize", rewrites: canonicalizeRewrites),
            RewritePhase(name: "stabilize", rewrites: stabilizeRewrites),
            RewritePhase(name: "specialize", rewrites: specializeRewrites),
        ]
    }

    /// Rewrites the graph of `outputs` (leaves and `stop` untouched) and returns the new outputs,
    /// with the names of the rewrites that fired, in order.
    public func apply(to outputs: [Variable], stop: Set<Variable> = []) -> (outputs: [Variable], fired: [String]) {
        guard isEnabled else { return (outputs, []) }
        var engine = RewriteEngine(stop: stop)
        var outs = outputs
        outs = engine.run(outs, rewrites: [])  // merge and constant folding first
        for phase in Self.phases where !excluded.contains(phase.name) {
            let active = phase.rewrites.filter { !excluded.contains($0.name) }
            outs = engine.run(outs, rewrites: active)
        }
        if !excluded.contains("fusion") {
            let fused = FuseElemwise.apply(outs, stop: stop)
            if fused.count > 0 { engine.fired.append(contentsOf: Array(repeating: "fusion", count: fused.count)) }
            outs = fused.outputs
            let reductions = FuseReductions.apply(outs, stop: stop)
            if reductions.count > 0 { engine.fired.append(contentsOf: Array(repeating: "fusion_sum", count: reductions.count)) }
            outs = reductions.outputs
        }
        return (outs, engine.fired)
    }
}

/// Rebuilds a graph pass after pass, merging equal nodes, folding constants and applying
/// local rewrites, until nothing changes.
struct RewriteEngine {
    let stop: Set<Variable>
    var fired: [String] = []
    static let maxPasses = 64
    /// Constants larger than this are not produced by folding (they would bloat the graph), unless
    /// no larger than an input: a mask computed from data is folded once rather than recomputed per call.
    static let maxFoldedSize = 1 << 16

    init(stop: Set<Variable>) { self.stop = stop }

    mutating func run(_ outputs: [Variable], rewrites: [any NodeRewrite]) -> [Variable] {
        var outs = outputs
        for _ in 0..<Self.maxPasses {
            var changed = false
            outs = pass(outs, rewrites: rewrites, changed: &changed)
            if !changed { break }
        }
        return outs
    }

    private struct MergeKey: Hashable {
        let op: AnyHashable
        let inputs: [ObjectIdentifier]
    }

    private struct ConstantKey: Hashable {
        let value: NDArray
        let weak: Bool
    }

    private mutating func pass(_ outputs: [Variable], rewrites: [any NodeRewrite], changed: inout Bool) -> [Variable] {
        var map: [Variable: Variable] = [:]
        var merged: [MergeKey: [Variable]] = [:]
        var constants: [ConstantKey: Variable] = [:]

        func canonical(_ v: Variable) -> Variable {
            if let m = map[v] { return m }
            // Equal small constants become one.
            if let c = v.constantValue, c.count <= 64, v.name == nil {
                let key = ConstantKey(value: c, weak: v.isWeakScalar)
                if let existing = constants[key] {
                    if existing !== v { map[v] = existing; changed = true }
                    return existing
                }
                constants[key] = v
            }
            return v
        }

        for node in Graph.topologicalOrder(outputs: outputs, stop: stop) {
            let inputs = node.inputs.map(canonical)
            var outs: [Variable]
            let key = MergeKey(op: AnyHashable(node.op), inputs: inputs.map(ObjectIdentifier.init))
            if let existing = merged[key] {
                outs = existing
                changed = true
                fired.append("merge")
            } else {
                if zip(inputs, node.inputs).allSatisfy({ $0 === $1 }) {
                    outs = node.outputs
                } else {
                    outs = applyOp(node.op, inputs)
                    if outs.count != node.outputCount { outs = node.outputs }  // cannot rebuild: keep
                }
                merged[key] = outs
            }
            // Constant folding.
            if let owner = outs[0].owner, let folded = Self.fold(owner) {
                fired.append("constant_folding")
                changed = true
                outs = folded
            } else if let owner = outs[0].owner {
                for r in rewrites {
                    guard let replacement = r.rewrite(owner) else { continue }
                    guard Self.compatible(replacement, owner.outputs) else { continue }
                    fired.append(r.name)
                    changed = true
                    outs = replacement
                    break
                }
            }
            for (old, new) in zip(node.outputs, outs) where old !== new {
                if new.name == nil, let name = old.name { new.name = name }
                map[old] = new
            }
        }
        return outputs.map { map[$0] ?? canonical($0) }
    }

    /// A replacement must keep each output's dtype and rank.
    static func compatible(_ new: [Variable], _ old: [Variable]) -> Bool {
        new.count == old.count && zip(new, old).allSatisfy { n, o in
            n.buildError == nil && n.dtype == o.dtype && n.ndim == o.ndim
        }
    }

    /// Evaluates a node whose inputs are all constants.
    static func fold(_ node: Apply) -> [Variable]? {
        guard node.inputs.allSatisfy(\.isConstant), !(node.op is any NonFoldable) else { return nil }
        // Elementwise results may be as large as their inputs; layout changes (transposes, reshapes)
        // of large constants are not folded, since that would only hold the data twice.
        let largestInput = node.inputs.map { $0.constantValue!.count }.max() ?? 0
        let limit = node.op is any ElementwiseOp ? max(maxFoldedSize, largestInput) : maxFoldedSize
        if node.outputTypes.contains(where: { ($0.knownShape?.reduce(1, *) ?? 0) > limit }) { return nil }
        var outs = node.outputTypes.map { NDArray(uncheckedShape: [], dtype: $0.dtype, storage: [0]) }
        do {
            try node.op.perform(node.inputs.map { $0.constantValue! }, &outs)
        } catch {
            return nil  // leave it for run time, where the error is reported
        }
        guard outs.allSatisfy({ $0.count <= limit }) else { return nil }
        return outs.map { constant($0) }
    }
}

/// An op that must never be constant-folded (random variables: each call draws anew).
public protocol NonFoldable {}
