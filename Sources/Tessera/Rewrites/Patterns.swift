/// Pattern-matching helpers for rewrites.
enum Pattern {
    /// When `v` is computed by the elementwise scalar op `S`, that op and its operands.
    static func elemwise<S: ScalarOp>(_ v: Variable, _ type: S.Type) -> (op: S, inputs: [Variable])? {
        guard let node = v.owner, let e = node.op as? Elemwise, let s = e.scalarOp as? S else { return nil }
        return (s, node.inputs)
    }

    /// The scalar op of an elementwise node.
    static func scalarOp<S: ScalarOp>(_ node: Apply, _ type: S.Type) -> S? {
        (node.op as? Elemwise)?.scalarOp as? S
    }

    /// Whether `v` is a constant whose elements all equal `value`.
    static func isConstant(_ v: Variable, _ value: Double) -> Bool {
        guard let c = v.constantValue, c.count > 0 else { return false }
        return c.storage.allSatisfy { $0 == value }
    }

    /// The single value of a constant whose elements are all equal.
    static func uniformConstant(_ v: Variable) -> Double? {
        guard let c = v.constantValue, let first = c.storage.first else { return nil }
        return c.storage.allSatisfy({ $0 == first }) ? first : nil
    }

    /// Whether replacing an elementwise node's output by `x` keeps the output's static shape
    /// (a constant operand may have been what broadcast the result).
    static func keepsShape(_ x: Variable, of out: Variable) -> Bool {
        x.ndim == out.ndim && zip(x.staticShape, out.staticShape).allSatisfy { a, b in a == b || b == nil }
    }

    /// `x` broadcast to the shape of the original output when a dropped constant could have broadcast it.
    static func shaped(_ x: Variable, like out: Variable, from node: Apply) -> Variable {
        if keepsShape(x, of: out) && x.dtype == out.dtype { return x }
        // second(other operands…, x) gives x the broadcast shape of all operands.
        var r = x
        for i in node.inputs where i !== x { r = Tessera.elemwise(Second(), i, r) }
        if r.dtype != out.dtype { r = Tessera.elemwise(Cast(out.dtype), r) }
        return r
    }
}

/// Converts to a dtype, rounding as the dtype requires (the op behind `cast`).
public struct Cast: UnaryScalarOp {
    public let dtype: DType
    public init(_ dtype: DType) { self.dtype = dtype }
    public var name: String { "Cast{\(dtype)}" }
    public func cExpression(_ x: [String]) -> String? { CDType.round(x[0], dtype) }
    public var dtypeRule: DTypeRule { .fixed(dtype) }
    @inline(__always) public func evaluate(_ x: Double) -> Double { dtype.round(x) }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        dtype.isFloat ? [gz] : [nil]
    }
}
