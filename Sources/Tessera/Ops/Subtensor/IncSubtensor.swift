/// `x` with the positions `x[pattern]` set to, or incremented by, `y` broadcast to the indexed shape:
/// PyTensor's `IncSubtensor`/`AdvancedIncSubtensor`. Inputs: `x`, `y`, then the index tensors.
///
/// The result is a new tensor of `x`'s type (`x` is unchanged). Incrementing accumulates repeated
/// positions (`np.add.at`); setting keeps the last value written to a repeated position.
public struct IncSubtensor: Op {
    public let pattern: IndexPattern
    /// `true` for ``setSubtensor(_:_:)``, `false` for ``incSubtensor(_:_:)``.
    public let isSet: Bool

    public init(_ pattern: IndexPattern, isSet: Bool) {
        self.pattern = pattern
        self.isSet = isSet
    }

    var functionName: String { isSet ? "setSubtensor" : "incSubtensor" }

    public var name: String {
        (pattern.isAdvanced ? "Advanced" : "") + (isSet ? "SetSubtensor{" : "IncSubtensor{") + pattern.description + "}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0], y = inputs[1]
        let indexed = try pattern.staticShape(x, Array(inputs.dropFirst(2)), op: functionName)
        guard y.ndim <= indexed.count else {
            throw TesseraError.shapeMismatch(
                "\(functionName): the value '\(y)' has \(y.ndim) dimensions \(Shape.format(y.staticShape)), more than the \(indexed.count) of the indexed shape \(Shape.format(indexed))")
        }
        let pad = indexed.count - y.ndim
        for (d, size) in y.staticShape.enumerated() {
            if let size, size != 1, let target = indexed[d + pad], target != size {
                throw TesseraError.shapeMismatch(
                    "\(functionName): the value '\(y)' of shape \(Shape.format(y.staticShape)) cannot be broadcast to the indexed shape \(Shape.format(indexed))")
            }
        }
        let lossless = y.dtype.promoted(with: x.dtype) == x.dtype || (y.dtype == .float64 && x.dtype == .float32)
            || (y.isWeakScalar && !(y.dtype.isFloat && !x.dtype.isFloat))
        guard lossless else {
            throw TesseraError.dtypeMismatch(
                "\(functionName): cannot store \(y.dtype) values of '\(y)' in '\(x)', which is \(x.dtype), without losing information; cast the value first")
        }
        return [x.type]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0], y = inputs[1]
        let plan = try pattern.plan(x.shape, Array(inputs.dropFirst(2)), op: functionName)
        guard y.ndim <= plan.shape.count, Shape.broadcast([y.shape, plan.shape]) == plan.shape else {
            throw TesseraError.shapeMismatch(
                "\(functionName): the value of shape \(y.shape) cannot be broadcast to the indexed shape \(plan.shape)")
        }
        let dtype = x.dtype
        outputs[0].prepare(shape: x.shape, dtype: dtype)
        var values = y.shape == plan.shape ? y.storage
            : BroadcastPlan(output: plan.shape, inputs: [y.shape]).gather(y.storage, input: 0)
        if dtype != .float64 && y.dtype != dtype { values = values.map(dtype.round) }
        let last = plan.lastTable
        let isSet = self.isSet
        x.storage.withUnsafeBufferPointer { src in
            outputs[0].storage.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count { dst[i] = src[i] }
                values.withUnsafeBufferPointer { v in
                    last.withUnsafeBufferPointer { table in
                        plan.forEachRow { o, b in
                            if isSet {
                                for j in 0..<table.count { dst[b + table[j]] = v[o + j] }
                            } else {
                                for j in 0..<table.count { dst[b + table[j]] += v[o + j] }
                            }
                        }
                    }
                }
            }
        }
        if !isSet { outputs[0].roundToDType() }
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0], y = node.inputs[1]
        let indices = Array(node.inputs.dropFirst(2))
        let g = outputGradients[0]
        var gx: Variable? = nil
        if x.dtype.isFloat {
            // Setting overwrites: the old values at the indexed positions do not reach the output.
            gx = isSet ? applyOp1(IncSubtensor(pattern, isSet: true), [g, 0.0.asTensor] + indices) : g
        }
        var gy: Variable? = nil
        if y.dtype.isFloat {
            let indexed = applyOp1(Subtensor(pattern), [g] + indices)
            gy = reduceGradient(indexed, to: y, output: indexed)
        }
        return [gx, gy] + indices.map { _ in nil }
    }
}

/// The update of the tensor an indexing result comes from, or an invalid variable naming the problem.
private func updating(_ indexed: Variable, _ y: Variable, isSet: Bool) -> Variable {
    let fn = isSet ? "setSubtensor" : "incSubtensor"
    if let e = indexed.buildError ?? y.buildError { return .invalid(e) }
    guard let node = indexed.owner, let op = node.op as? Subtensor else {
        let what = indexed.owner.map { "the output of \($0.op.name)" } ?? "not computed by indexing"
        return .invalid(.invalidArgument(
            "\(fn): the first argument must be an indexing result such as x[2...] or x[idx], but '\(indexed)' is \(what)"))
    }
    return applyOp1(IncSubtensor(op.pattern, isSet: isSet), [node.inputs[0], y] + node.inputs.dropFirst())
}

/// A copy of the indexed tensor with the indexed positions set to `y` (broadcast to the indexed shape):
/// PyTensor's `set_subtensor`, NumPy's `r = x.copy(); r[idx] = y`.
///
/// ```swift
/// let r = setSubtensor(x[2...], 0.0)        // x with x[2:] zeroed
/// let s = setSubtensor(m[idx, 0], v)
/// ```
/// - Parameters:
///   - indexed: an indexing result `x[...]`; its owner says which tensor and positions to update.
///   - y: the new values, broadcastable to the indexed shape, of a dtype `x` holds without loss.
/// - Returns: a tensor of `x`'s type; an invalid variable when `indexed` is not an indexing result.
public func setSubtensor(_ indexed: Variable, _ y: Variable) -> Variable {
    updating(indexed, y, isSet: true)
}

/// A copy of the indexed tensor with `y` (broadcast to the indexed shape) added at the indexed positions:
/// PyTensor's `inc_subtensor`. Repeated integer positions accumulate, as `np.add.at`.
///
/// ```swift
/// let r = incSubtensor(x[[0, 0, 2]], 1.0)   // x[0] += 2, x[2] += 1
/// ```
/// - Returns: a tensor of `x`'s type; an invalid variable when `indexed` is not an indexing result.
public func incSubtensor(_ indexed: Variable, _ y: Variable) -> Variable {
    updating(indexed, y, isSet: false)
}

extension IncSubtensor {
    public func cCode(_ k: CKernel) -> String? {
        let x = k.inputs[0], y = k.inputs[1], out = k.outputs[0]
        let indices = Array(k.inputs.dropFirst(2))
        guard !pattern.hasMask,
              let layout = try? pattern.layout(x.shape, tensorShapes: indices.map(\.shape), op: functionName)
        else { return nil }
        guard y.shape.count <= layout.shape.count, Shape.broadcast([y.shape, layout.shape]) == layout.shape else {
            return "return 1;"  // the VM reports the shape error
        }
        let plan = BroadcastPlan(output: layout.shape, inputs: [y.shape])
        let element = "\(y.name)[\(CLoops.index(k.prefix, plan.strides[0]))]"
        let loops = layout.cLoops(indexBuffers: indices, prefix: k.prefix) { o in
            let value = y.dtype == out.dtype ? element : CDType.round(element, out.dtype)
            return isSet ? "\(out.name)[\(o)] = \(value);" : "\(out.name)[\(o)] += \(value);"
        }
        guard let loops else { return nil }
        var code = "memcpy(\(out.name), \(x.name), \(x.count)L * sizeof(double));\n  " + loops
        if !isSet && out.dtype != .float64 {
            let p = k.prefix
            code += "\n  for (long \(p)r = 0; \(p)r < \(out.count)L; \(p)r++) \(out.name)[\(p)r] = \(CDType.round("\(out.name)[\(p)r]", out.dtype));"
        }
        return code
    }
}
