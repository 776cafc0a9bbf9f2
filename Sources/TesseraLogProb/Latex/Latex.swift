import Tessera

/// LaTeX for graphs, as AePPL prints them: one line per random variable
/// (`\mu \sim \operatorname{N}\left(0, 1\right)`), then the formula of each other output.
public enum Latex {
    /// The LaTeX form of `outputs`: random variables they depend on first (in graph order), then the outputs.
    public static func render(_ outputs: [Variable]) -> String {
        var lines: [String] = []
        for node in Graph.topologicalOrder(outputs: outputs) where node.op is RandomVariable {
            lines.append(declaration(node.output(1)))
        }
        for o in outputs where o.randomVariable == nil {
            lines.append((o.name.map { symbol($0) + " = " } ?? "") + expression(o))
        }
        return lines.joined(separator: "\\\\\n")
    }

    /// `x \sim \operatorname{Dist}(params)` for a random variable's draw.
    static func declaration(_ v: Variable) -> String {
        guard let rv = v.randomVariable, let owner = v.owner else { return expression(v) }
        let params = owner.inputs.dropFirst(2).map(expression).joined(separator: ", ")
        let dist = distributionNames[rv.distribution.name] ?? rv.distribution.name
        return "\(name(v)) \\sim \\operatorname{\(dist)}\\left(\(params)\\right)"
    }

    static let distributionNames = [
        "normal": "N", "halfnormal": "N^{+}", "lognormal": "LogN", "uniform": "U", "exponential": "Exp",
        "gamma": "Gamma", "beta": "Beta", "cauchy": "C", "halfcauchy": "C^{+}", "poisson": "Pois",
        "bernoulli": "Bern", "binomial": "Bin", "categorical": "Cat", "dirichlet": "Dir", "studentt": "t",
        "multivariate_normal": "N",
    ]

    static let greek: Set<String> = ["alpha", "beta", "gamma", "delta", "epsilon", "theta", "lambda", "mu", "nu", "xi",
                                     "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "eta", "kappa", "zeta"]

    /// A variable name as a LaTeX symbol: Greek names become letters, `a_b` a subscript.
    static func symbol(_ s: String) -> String {
        let parts = s.split(separator: "_", maxSplits: 1).map(String.init)
        let head = greek.contains(parts[0]) ? "\\\(parts[0])" : parts[0]
        return parts.count > 1 ? "\(head)_{\\text{\(parts[1].replacingOccurrences(of: "_", with: "\\_"))}}" : head
    }

    static func name(_ v: Variable) -> String { v.name.map(symbol) ?? "X" }

    /// The formula computing `v`.
    static func expression(_ v: Variable) -> String {
        if let c = v.constantValue {
            return c.count == 1 ? NDArray.formatNumber(c.storage[0]) : "\\left[\(c.storage.prefix(6).map(NDArray.formatNumber).joined(separator: ", "))\(c.count > 6 ? ", \\ldots" : "")\\right]"
        }
        if v.randomVariable != nil || v.owner == nil { return name(v) }
        let node = v.owner!
        let args = node.inputs.map(expression)
        if let e = node.op as? Elemwise {
            switch e.scalarOp {
            case is Add: return "\(args[0]) + \(args[1])"
            case is Sub: return "\(args[0]) - \(paren(node.inputs[1], args[1]))"
            case is Mul: return "\(paren(node.inputs[0], args[0])) \\cdot \(paren(node.inputs[1], args[1]))"
            case is TrueDiv: return "\\frac{\(args[0])}{\(args[1])}"
            case is Neg: return "-\(paren(node.inputs[0], args[0]))"
            case is Pow: return "{\(paren(node.inputs[0], args[0]))}^{\(args[1])}"
            case is Exp: return "\\exp\\left(\(args[0])\\right)"
            case is Log: return "\\log\\left(\(args[0])\\right)"
            case is Sqrt: return "\\sqrt{\(args[0])}"
            case is Square: return "{\(paren(node.inputs[0], args[0]))}^{2}"
            case is Abs: return "\\left|\(args[0])\\right|"
            default: break
            }
            return "\\operatorname{\(e.scalarOp.name.lowercased())}\\left(\(args.joined(separator: ", "))\\right)"
        }
        if node.op is Sum { return "\\sum \(paren(node.inputs[0], args[0]))" }
        return "\\operatorname{\(node.op.name)}\\left(\(args.joined(separator: ", "))\\right)"
    }

    /// Parenthesises compound expressions.
    static func paren(_ v: Variable, _ text: String) -> String {
        guard let e = v.owner?.op as? Elemwise else { return text }
        return (e.scalarOp is Add || e.scalarOp is Sub || e.scalarOp is Neg) ? "\\left(\(text)\\right)" : text
    }
}

extension Variable {
    /// The LaTeX form of this variable's graph: its random variables' declarations and its formula.
    public func latex() -> String { Latex.render([self]) }
}

extension NDArray {
    /// A number as printed in formulas (`0`, `1.5`, `-\infty`).
    static func formatNumber(_ x: Double) -> String {
        if x.isInfinite { return x < 0 ? "-\\infty" : "\\infty" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
