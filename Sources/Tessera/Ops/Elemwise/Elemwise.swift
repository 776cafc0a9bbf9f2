/// Lifts a ``ScalarOp`` to tensors: applies it elementwise with NumPy broadcasting.
///
/// Shape rule: the static broadcast of the operands' shapes (an error naming the op
/// when known sizes clash). Dtype: the scalar op's ``DTypeRule``, with Swift number
/// literals taking the other operands' dtype category (`float32 * 2.0` stays float32).
public struct Elemwise: Op {
    public let scalarOp: any ScalarOp

    public init(_ scalarOp: any ScalarOp) { self.scalarOp = scalarOp }

    public static func == (a: Elemwise, b: Elemwise) -> Bool { AnyHashable(a.scalarOp) == AnyHashable(b.scalarOp) }
    public func hash(into h: inout Hasher) { h.combine(AnyHashable(scalarOp)) }

    public var name: String { scalarOp.name }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == scalarOp.arity else {
            throw TesseraError.invalidArgument("\(name): expects \(scalarOp.arity) operand(s), got \(inputs.count)")
        }
        guard let shape = Shape.broadcastStatic(inputs.map(\.staticShape)) else {
            let shapes = inputs.map { Shape.format($0.staticShape) }.joined(separator: " and ")
            throw TesseraError.shapeMismatch(
                "\(name): operands could not be broadcast together with shapes \(shapes); make the dimensions equal or 1")
        }
        return [TensorType(dtype: scalarOp.dtypeRule.apply(Elemwise.operandDTypes(inputs)), shape: shape)]
    }

    /// The dtypes promotion should see, with weak (literal) scalars adjusted to the strong operands.
    static func operandDTypes(_ inputs: [Variable]) -> [DType] {
        let strong = inputs.filter { !$0.isWeakScalar }.map(\.dtype)
        if strong.isEmpty { return inputs.map(\.dtype) }
        var result = DType.promote(strong)
        for w in inputs where w.isWeakScalar {
            if w.dtype.isFloat && !result.isFloat { result = .float64 }
            if w.dtype == .int64 && result == .bool { result = .int64 }
        }
        return [result]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let shape: [Int]
        if inputs.count == 1 {
            shape = inputs[0].shape
        } else if inputs.count == 2 && inputs[0].shape == inputs[1].shape {
            shape = inputs[0].shape
        } else {
            guard let s = Shape.broadcast(inputs.map(\.shape)) else {
                throw TesseraError.shapeMismatch(
                    "\(name): operands could not be broadcast together with shapes \(inputs.map { $0.shape }.map { "\($0)" }.joined(separator: " and "))")
            }
            shape = s
        }
        outputs[0].prepare(shape: shape, dtype: outputs[0].dtype)  // arrives with the static dtype
        scalarOp.compute(inputs, into: &outputs[0])
        outputs[0].roundToDType()
    }
}

extension Elemwise {
    /// One loop over the output (flat when operands are full-size or single values).
    public func cCode(_ k: CKernel) -> String? {
        if let c = scalarOp as? Composite { return c.cLoop(k) }
        let out = k.outputs[0]
        var expr: String?
        let code = CLoops.elementwise(out: out, inputs: k.inputs, prefix: k.prefix) { elems, o in
            expr = k.scalarExpression(scalarOp, elems)
            return "\(out.name)[\(o)] = \(CDType.round(expr ?? "0", out.dtype));"
        }
        return expr == nil ? nil : code
    }
}

/// Applies a scalar op elementwise to tensors.
public func elemwise(_ op: some ScalarOp, _ inputs: Variable...) -> Variable {
    applyOp1(Elemwise(op), inputs)
}
