/// Prints graphs as PyTensor's `dprint`: outputs first, inputs nested and indented,
/// each node with an `[id X]`; a node seen before shows its id and `···` instead of its inputs.
///
/// ```
/// Log [id A] 'w'
///  └─ Add [id B]
///     ├─ x [id C]
///     └─ y [id D]
/// ```
public func dprint(_ outputs: [Variable], printTypes: Bool = false) -> String {
    var ids: [ObjectIdentifier: String] = [:]
    var expanded = Set<ObjectIdentifier>()
    var out = ""

    func id(for key: ObjectIdentifier) -> String {
        if let s = ids[key] { return s }
        var n = ids.count
        var s = ""
        repeat {
            s = String(UnicodeScalar(UInt8(65 + n % 26))) + s
            n = n / 26 - 1
        } while n >= 0
        ids[key] = s
        return s
    }

    func label(_ v: Variable) -> (String, ObjectIdentifier) {
        var text: String
        let key: ObjectIdentifier
        if let owner = v.owner {
            key = ObjectIdentifier(owner)
            text = owner.op.name + (owner.outputCount > 1 ? ".\(v.index)" : "")
        } else {
            key = ObjectIdentifier(v)
            if let c = v.constantValue, v.name == nil {
                text = c.count <= 8 ? c.description.replacingOccurrences(of: "\n", with: "") : "Constant\(Shape.format(c.shape.map { $0 }))"
            } else {
                text = v.name ?? "<\(v.type)>"
            }
        }
        text += " [id \(id(for: key))]"
        if printTypes { text += " <\(v.type)>" }
        if v.owner != nil, let name = v.name { text += " '\(name)'" }
        if let e = v.buildError { text += " <invalid: \(e.message)>" }
        return (text, key)
    }

    func visit(_ v: Variable, prefix: String, childPrefix: String) {
        let (text, key) = label(v)
        out += prefix + text + "\n"
        guard let owner = v.owner else { return }
        if expanded.contains(key) {
            out += childPrefix + "└─ ···\n"
            return
        }
        expanded.insert(key)
        for (i, input) in owner.inputs.enumerated() {
            let last = i == owner.inputs.count - 1
            visit(input, prefix: childPrefix + (last ? "└─ " : "├─ "),
                  childPrefix: childPrefix + (last ? "   " : "│  "))
        }
    }

    for o in outputs { visit(o, prefix: "", childPrefix: " ") }
    return out
}

extension Variable {
    /// The graph computing this variable, printed as PyTensor's `dprint`.
    public func dprint(printTypes: Bool = false) -> String { Tessera.dprint([self], printTypes: printTypes) }
}
