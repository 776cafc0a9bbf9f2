/// The static result of broadcasting a shape to a target (`numpy.broadcast_to`'s rule: the
/// target has at least as many dimensions, and each input size is 1 or the target's).
func broadcastToStatic(_ function: String, _ x: Variable, target: [Int?]) throws -> [Int?] {
    guard target.count >= x.ndim else {
        throw TesseraError.shapeMismatch(
            "\(function): cannot broadcast '\(x)' of shape \(Shape.format(x.staticShape)) to the shape \(Shape.format(target)) with fewer dimensions")
    }
    if let bad = target.compactMap({ $0 }).first(where: { $0 < 0 }) {
        throw TesseraError.invalidArgument("\(function): the shape \(Shape.format(target)) has the negative size \(bad)")
    }
    let pad = target.count - x.ndim
    var out = target
    for (i, d) in x.staticShape.enumerated() {
        let t = target[i + pad]
        switch (d, t) {
        case (let d?, let t?) where d != 1 && d != t:
            throw TesseraError.shapeMismatch(
                "\(function): cannot broadcast '\(x)' of shape \(Shape.format(x.staticShape)) to \(Shape.format(target)): dimension \(i) has size \(d), but needs 1 or \(t)")
        case (let d?, nil) where d != 1:
            out[i + pad] = d
        default:
            break
        }
    }
    return out
}

/// Checks a run-time broadcast of `shape` to `target`.
func checkBroadcast(_ function: String, _ shape: [Int], to target: [Int]) throws {
    let pad = target.count - shape.count
    guard pad >= 0, target.allSatisfy({ $0 >= 0 }),
          shape.enumerated().allSatisfy({ $0.element == 1 || $0.element == target[$0.offset + pad] }) else {
        throw TesseraError.shapeMismatch("\(function): cannot broadcast an array of shape \(shape) to the shape \(target)")
    }
}

/// Fills `out` with `x` broadcast to `target`, converted to `dtype`.
func fillBroadcast(_ x: NDArray, to target: [Int], dtype: DType, into out: inout NDArray) {
    out.prepare(shape: target, dtype: dtype)
    if x.count == 1 {
        let v = dtype.round(x.storage[0])
        out.storage.withUnsafeMutableBufferPointer { o in for i in o.indices { o[i] = v } }
        return
    }
    if x.shape == target {
        out.storage = x.storage
    } else {
        out.storage = BroadcastPlan(output: target, inputs: [x.shape]).gather(x.storage, input: 0)
    }
    if dtype != x.dtype { out.roundToDType() }
}

/// `x` broadcast to a shape given by an int64 vector, as `numpy.broadcast_to`.
///
/// Static shape: the target's known entries (from a constant or `shape(y)`), else `x`'s sizes
/// other than 1. The gradient sums back over the broadcast dimensions.
public struct BroadcastTo: Op {
    /// The number of dimensions of the result (the length of the shape vector).
    public let ndim: Int

    public init(ndim: Int) { self.ndim = ndim }

    public var name: String { "BroadcastTo{\(ndim)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0], s = inputs[1]
        try checkShapeVector(s, function: "broadcastTo")
        let target = staticShapeValues(s) ?? [Int?](repeating: nil, count: ndim)
        guard target.count == ndim else {
            throw TesseraError.invalidArgument("broadcastTo: the shape vector has \(target.count) entries, but the result should have \(ndim) dimensions")
        }
        return [TensorType(dtype: x.dtype, shape: try broadcastToStatic("broadcastTo", x, target: target))]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let target = shapeValues(inputs[1])
        try checkBroadcast("broadcastTo", x.shape, to: target)
        fillBroadcast(x, to: target, dtype: x.dtype, into: &outputs[0])
    }

    /// `gx = gz` summed over the dimensions `x` was broadcast along.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil, nil] }
        return [applyOp1(ReduceTo(), outputGradients[0], x), nil]
    }
}

/// `x` broadcast to `shape`, as `numpy.broadcast_to`.
///
/// ```swift
/// broadcastTo(v, [4, 3])   // a 3-vector repeated as 4 rows
/// ```
public func broadcastTo(_ x: Variable, _ shape: [Int]) -> Variable {
    applyOp(BroadcastTo(ndim: shape.count), [x, shapeConstant(shape)])[0]
}

/// `x` broadcast to a shape given by a symbolic int64 vector of statically known length.
public func broadcastTo(_ x: Variable, _ shape: Variable) -> Variable {
    guard shape.ndim == 1, let n = shape.staticShape[0] else {
        return .invalid(.invalidArgument(
            "broadcastTo: the shape must be an int64 vector of statically known length, but '\(shape)' is \(shape.type)"))
    }
    return applyOp(BroadcastTo(ndim: n), [x, shape])[0]
}
