/// A square matrix with a vector on its diagonal and zeros elsewhere (`np.diag` of a vector).
///
/// With a second input `like` (a matrix), the result has `like`'s shape instead (it may be rectangular,
/// the vector filling its main diagonal): the gradient of ``ExtractDiag``.
public struct AllocDiag: Op {
    public init() {}

    public var name: String { "AllocDiag" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let v = inputs[0]
        guard v.ndim == 1 else {
            throw TesseraError.shapeMismatch("diag: the diagonal '\(v)' must be a vector, but it has \(v.ndim) dimensions")
        }
        if inputs.count == 2 { return [TensorType(dtype: v.dtype, shape: inputs[1].staticShape)] }
        return [TensorType(dtype: v.dtype, shape: [v.staticShape[0], v.staticShape[0]])]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let v = inputs[0]
        let shape = inputs.count == 2 ? inputs[1].shape : [v.count, v.count]
        guard shape.count == 2, Swift.min(shape[0], shape[1]) == v.count else {
            throw TesseraError.shapeMismatch("AllocDiag: a diagonal of length \(v.count) does not fit a matrix of shape \(shape)")
        }
        outputs[0].prepare(shape: shape, dtype: v.dtype)
        let cols = shape[1]
        outputs[0].storage.withUnsafeMutableBufferPointer { o in
            for i in o.indices { o[i] = 0 }
            for i in 0..<v.count { o[i * cols + i] = v.storage[i] }
        }
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let v = node.inputs[0]
        let g: Variable? = v.dtype.isFloat ? applyOp1(ExtractDiag(), outputGradients[0]) : nil
        return node.inputs.count == 2 ? [g, nil] : [g]
    }
}

/// The main diagonal of a matrix, `a[i, i]` for `i < min(rows, columns)` (`np.diag` of a matrix).
public struct ExtractDiag: Op {
    public init() {}

    public var name: String { "ExtractDiag" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let a = inputs[0]
        guard a.ndim == 2 else {
            throw TesseraError.shapeMismatch("diag: '\(a)' must be a matrix to take its diagonal, but it has \(a.ndim) dimensions")
        }
        let (r, c) = (a.staticShape[0], a.staticShape[1])
        let n: Int? = if let r, let c { Swift.min(r, c) } else if r == 0 || c == 0 { 0 } else { nil }
        return [TensorType(dtype: a.dtype, shape: [n])]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let a = inputs[0]
        let n = Swift.min(a.shape[0], a.shape[1]), cols = a.shape[1]
        outputs[0].prepare(shape: [n], dtype: a.dtype)
        for i in 0..<n { outputs[0].storage[i] = a.storage[i * cols + i] }
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let a = node.inputs[0]
        return [a.dtype.isFloat ? applyOp1(AllocDiag(), outputGradients[0], a) : nil]
    }
}

/// NumPy's `diag`: a vector becomes the square matrix with it on diagonal `k` (0 the main one,
/// above it for `k > 0`, below for `k < 0`); a matrix gives its diagonal `k` as a vector.
///
/// ```swift
/// diag(v)         // (3,) → (3, 3)
/// diag(v, k: 1)   // (3,) → (4, 4), v just above the main diagonal
/// diag(m, k: -1)  // (3, 3) → (2,)
/// ```
/// - Returns: an invalid variable for inputs that are neither vectors nor matrices, or (for `k ≠ 0`)
///   whose shape is not known statically.
public func diag(_ x: Variable, k: Int = 0) -> Variable {
    if let e = x.buildError { return .invalid(e) }
    switch x.ndim {
    case 1 where k == 0: return applyOp1(AllocDiag(), x)
    case 2 where k == 0: return applyOp1(ExtractDiag(), x)
    case 1:
        guard let n = x.staticShape[0] else {
            return .invalid(.shapeMismatch("diag: k = \(k) needs the length of '\(x)' statically; give the vector a static shape"))
        }
        let size = n + Swift.abs(k)
        let (rows, cols) = diagonalPositions(rows: size, columns: size, k: k)
        return setSubtensor(zeros(shape: [size, size], dtype: x.dtype)[rows, cols], x)
    case 2:
        guard let r = x.staticShape[0], let c = x.staticShape[1] else {
            return .invalid(.shapeMismatch("diag: k = \(k) needs the shape of '\(x)' statically; give the matrix a static shape"))
        }
        let (rows, cols) = diagonalPositions(rows: r, columns: c, k: k)
        return x[rows, cols]
    default:
        return .invalid(.shapeMismatch("diag: '\(x)' has \(x.ndim) dimensions; diag takes a vector or a matrix"))
    }
}

/// The row and column indices of diagonal `k` of a `rows × columns` matrix, as int64 constants.
private func diagonalPositions(rows: Int, columns: Int, k: Int) -> (Variable, Variable) {
    let start = (row: Swift.max(0, -k), column: Swift.max(0, k))
    let count = Swift.max(0, Swift.min(rows - start.row, columns - start.column))
    return (constant(NDArray(uncheckedShapeInts: (0..<count).map { start.row + $0 })),
            constant(NDArray(uncheckedShapeInts: (0..<count).map { start.column + $0 })))
}

extension AllocDiag {
    public func cCode(_ k: CKernel) -> String? {
        let v = k.inputs[0], out = k.outputs[0], p = k.prefix
        guard out.shape.count == 2, Swift.min(out.shape[0], out.shape[1]) == v.count else { return "return 1;" }
        return "memset(\(out.name), 0, \(out.count)L * sizeof(double)); "
            + "for (long \(p)i = 0; \(p)i < \(v.count)L; \(p)i++) \(out.name)[\(p)i*\(out.shape[1] + 1)L] = \(v.name)[\(p)i];"
    }
}

extension ExtractDiag {
    public func cCode(_ k: CKernel) -> String? {
        let a = k.inputs[0], out = k.outputs[0], p = k.prefix
        return "for (long \(p)i = 0; \(p)i < \(out.count)L; \(p)i++) \(out.name)[\(p)i] = \(a.name)[\(p)i*\(a.shape[1] + 1)L];"
    }
}
