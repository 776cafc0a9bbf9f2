/// Joins tensors along an existing axis (`concatenate`) or along a new one (`stack`), as
/// `numpy.concatenate` / `numpy.stack`; dtypes are promoted as NumPy does.
///
/// `axis` is normalised: for `stack` it indexes the result, which has one more dimension.
/// The gradient of each input is its slice of the output gradient (`Split`).
public struct Join: Op {
    /// The normalised axis along which the inputs are joined (of the result, for `stack`).
    public let axis: Int
    /// Whether the inputs are stacked along a new axis rather than concatenated.
    public let isStack: Bool

    public init(axis: Int, isStack: Bool = false) {
        self.axis = axis
        self.isStack = isStack
    }

    var function: String { isStack ? "stack" : "concatenate" }

    public var name: String { (isStack ? "Stack" : "Join") + "{axis=\(axis)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let first = inputs.first else {
            throw TesseraError.invalidArgument("\(function): needs at least one tensor")
        }
        if !isStack && first.ndim == 0 {
            throw TesseraError.invalidArgument("concatenate: zero-dimensional tensors cannot be concatenated (input 0 is '\(first)'); use stack")
        }
        let nd = first.ndim
        for (i, x) in inputs.enumerated() where x.ndim != nd {
            throw TesseraError.shapeMismatch(
                "\(function): input \(i) has \(x.ndim) dimensions but input 0 has \(nd); all inputs need the same rank")
        }
        let outNDim = isStack ? nd + 1 : nd
        guard axis >= 0 && axis < outNDim else {
            throw TesseraError.invalidArgument("\(function): axis \(axis) is out of range for a result of \(outNDim) dimensions")
        }
        // Sizes along the joined axis (concatenate) are summed; all others must agree.
        var shape = first.staticShape
        for (i, x) in inputs.enumerated().dropFirst() {
            for d in 0..<nd where isStack || d != axis {
                switch (shape[d], x.staticShape[d]) {
                case (let a?, let b?) where a != b:
                    throw TesseraError.shapeMismatch(isStack
                        ? "stack: all inputs need the same shape, but input \(i) has shape \(Shape.format(x.staticShape)) and input 0 has \(Shape.format(first.staticShape))"
                        : "concatenate: all dimensions except the joined axis \(axis) must match, but along dimension \(d) input \(i) has size \(b) and input 0 has size \(a)")
                case (nil, let b?): shape[d] = b
                default: break
                }
            }
        }
        if isStack {
            shape.insert(inputs.count, at: axis)
        } else {
            shape[axis] = inputs.reduce(Optional(0)) { acc, x in acc.flatMap { a in x.staticShape[axis].map { a + $0 } } }
        }
        return [TensorType(dtype: DType.promote(inputs.map(\.dtype)), shape: shape)]
    }

    /// Checks run-time shapes; returns each input's size along the axis (1 when stacking).
    func runtimeSizes(_ shapes: [[Int]]) throws -> [Int] {
        let first = shapes[0]
        for (i, s) in shapes.enumerated().dropFirst() {
            let same = s.count == first.count && s.indices.allSatisfy { isStack || $0 == axis || s[$0] == first[$0] }
            guard same && (!isStack || s == first) else {
                throw TesseraError.shapeMismatch(isStack
                    ? "stack: all inputs need the same shape, but input \(i) has shape \(s) and input 0 has \(first)"
                    : "concatenate: all dimensions except the joined axis \(axis) must match, but input \(i) has shape \(s) and input 0 has \(first)")
            }
        }
        return isStack ? shapes.map { _ in 1 } : shapes.map { $0[axis] }
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let sizes = try runtimeSizes(inputs.map(\.shape))
        // The inputs, seen with the joined axis in place (size 1 for stack).
        let base = isStack ? { var s = inputs[0].shape; s.insert(1, at: axis); return s }() : inputs[0].shape
        var shape = base
        shape[axis] = sizes.reduce(0, +)
        let outer = base.prefix(axis).reduce(1, *)
        let inner = base.dropFirst(axis + 1).reduce(1, *)
        let dtype = outputs[0].dtype
        outputs[0].prepare(shape: shape, dtype: dtype)
        let rowLength = shape[axis] * inner
        outputs[0].storage.withUnsafeMutableBufferPointer { o in
            var start = 0
            for (x, n) in zip(inputs, sizes) {
                let chunk = n * inner
                x.storage.withUnsafeBufferPointer { px in
                    for r in 0..<outer {
                        for k in 0..<chunk { o[r * rowLength + start + k] = px[r * chunk + k] }
                    }
                }
                start += chunk
            }
        }
        outputs[0].roundToDType()
    }

    /// Each input's gradient is its slice of `gz` (in the input's float dtype); discrete inputs get none.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let slices = applyOp(Split(axis: axis, isStack: isStack), [outputGradients[0]] + node.inputs)
        return zip(node.inputs, slices).map { x, g in x.dtype.isFloat ? g : nil }
    }
}

/// The inverse of ``Join``: cuts `g` along `axis` into pieces shaped like the other inputs
/// (`inputs[1...]`, which give only their shapes), or unstacks it when `isStack`.
///
/// Piece `i` has the dtype of input `i + 1` when that is a float dtype (a gradient keeps its
/// variable's precision), else `g`'s.
struct Split: Op {
    let axis: Int
    let isStack: Bool

    var name: String { (isStack ? "Unstack" : "Split") + "{axis=\(axis)}" }

    func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let g = inputs[0]
        return inputs.dropFirst().map { x in
            TensorType(dtype: x.dtype.isFloat ? x.dtype : g.dtype, shape: x.staticShape)
        }
    }

    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let g = inputs[0]
        let pieces = Array(inputs.dropFirst())
        let join = Join(axis: axis, isStack: isStack)
        let sizes = try join.runtimeSizes(pieces.map(\.shape))
        var expected = isStack ? { var s = pieces[0].shape; s.insert(1, at: axis); return s }() : pieces[0].shape
        expected[axis] = sizes.reduce(0, +)
        guard g.shape == expected else {
            throw TesseraError.shapeMismatch("Split: the gradient has shape \(g.shape), but the joined inputs have shape \(expected)")
        }
        let outer = expected.prefix(axis).reduce(1, *)
        let inner = expected.dropFirst(axis + 1).reduce(1, *)
        let rowLength = expected[axis] * inner
        var start = 0
        for (i, (x, n)) in zip(pieces, sizes).enumerated() {
            let chunk = n * inner
            outputs[i].prepare(shape: x.shape, dtype: outputs[i].dtype)
            outputs[i].storage.withUnsafeMutableBufferPointer { o in
                g.storage.withUnsafeBufferPointer { pg in
                    for r in 0..<outer {
                        for k in 0..<chunk { o[r * chunk + k] = pg[r * rowLength + start + k] }
                    }
                }
            }
            outputs[i].roundToDType()
            start += chunk
        }
    }

    /// `g`'s gradient joins the pieces' gradients back; the shape donors get none.
    func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let joined: Variable? = applyOp1(Join(axis: axis, isStack: isStack), outputGradients)
        return [joined] + node.inputs.dropFirst().map { _ in nil }
    }
}

/// Joins tensors along an existing axis (negative counts from the end), as `numpy.concatenate`.
///
/// ```swift
/// concatenate([a, b])            // along the first axis
/// concatenate([m1, m2], axis: 1)
/// ```
/// Errors (rank or size mismatches, naming the input's position) are thrown when the graph is
/// compiled, or at run time for sizes only then known.
public func concatenate(_ xs: [Variable], axis: Int = 0) -> Variable {
    guard let first = xs.first else { return .invalid(.invalidArgument("concatenate: needs at least one tensor")) }
    if let e = xs.lazy.compactMap(\.buildError).first { return .invalid(e) }
    guard let a = Shape.normalize(axis: axis, ndim: first.ndim) else {
        if first.ndim == 0 {
            return .invalid(.invalidArgument("concatenate: zero-dimensional tensors cannot be concatenated (input 0 is '\(first)'); use stack"))
        }
        return .invalid(.invalidArgument("concatenate: axis \(axis) is out of range for input 0 '\(first)' with \(first.ndim) dimensions"))
    }
    return applyOp1(Join(axis: a), xs)
}

/// Stacks equally shaped tensors along a new axis (negative counts from the end of the
/// result), as `numpy.stack`.
public func stack(_ xs: [Variable], axis: Int = 0) -> Variable {
    guard let first = xs.first else { return .invalid(.invalidArgument("stack: needs at least one tensor")) }
    if let e = xs.lazy.compactMap(\.buildError).first { return .invalid(e) }
    guard let a = Shape.normalize(axis: axis, ndim: first.ndim + 1) else {
        return .invalid(.invalidArgument("stack: axis \(axis) is out of range for a result of \(first.ndim + 1) dimensions"))
    }
    return applyOp1(Join(axis: a, isStack: true), xs)
}

// MARK: - C code

/// The block layout shared by `Join` and `Split`: for each piece, its size along the axis; and
/// the number of outer rows and of elements per unit of the axis.
private func joinLayout(pieces: [[Int]], axis: Int, isStack: Bool) -> (sizes: [Int], outer: Int, inner: Int) {
    let base = isStack ? { var s = pieces[0]; s.insert(1, at: axis); return s }() : pieces[0]
    let sizes = isStack ? pieces.map { _ in 1 } : pieces.map { $0[axis] }
    return (sizes, base.prefix(axis).reduce(1, *), base.dropFirst(axis + 1).reduce(1, *))
}

/// Copies between the joined buffer and the pieces, one contiguous block per piece and outer row.
private func joinCopies(joined: CBuffer, pieces: [CBuffer], axis: Int, isStack: Bool, prefix p: String,
                        intoJoined: Bool) -> String {
    let (sizes, outer, inner) = joinLayout(pieces: pieces.map(\.shape), axis: axis, isStack: isStack)
    let rowLength = sizes.reduce(0, +) * inner
    var code = ""
    var start = 0
    for (piece, n) in zip(pieces, sizes) {
        let chunk = n * inner
        if chunk > 0 && outer > 0 {
            let j = "\(joined.name) + \(p)r * \(rowLength)L + \(start)L", q = "\(piece.name) + \(p)r * \(chunk)L"
            let (dst, src) = intoJoined ? (j, q) : (q, j)
            code += "for (long \(p)r = 0; \(p)r < \(outer)L; \(p)r++) memcpy(\(dst), \(src), \(chunk)L * sizeof(double));\n"
        }
        start += chunk
    }
    return code.isEmpty ? ";" : code
}

extension Join {
    /// Block copies; promotion never needs rounding (bool and int64 values are exact in float64).
    public func cCode(_ k: CKernel) -> String? {
        joinCopies(joined: k.outputs[0], pieces: k.inputs, axis: axis, isStack: isStack, prefix: k.prefix, intoJoined: true)
    }
}

extension Split {
    func cCode(_ k: CKernel) -> String? {
        // A piece narrower than the gradient (float32 from float64) needs rounding: leave it to the VM.
        guard k.outputs.allSatisfy({ $0.dtype == k.inputs[0].dtype }) else { return nil }
        return joinCopies(joined: k.inputs[0], pieces: k.outputs, axis: axis, isStack: isStack, prefix: k.prefix,
                          intoJoined: false)
    }
}
