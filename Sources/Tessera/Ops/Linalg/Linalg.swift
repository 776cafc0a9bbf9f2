/// Linear algebra on (stacks of) matrices, as `numpy.linalg` / `scipy.linalg` / `pytensor.tensor.linalg`:
/// `linalg.cholesky(a)`, `linalg.solve(a, b)`, `linalg.solveTriangular(a, b, lower:)`, `linalg.det(a)`,
/// `linalg.slogdet(a)`, `linalg.logdet(a)`, `linalg.inv(a)`.
///
/// Every function takes a square matrix `(M, M)` or a stack of them `(..., M, M)`; leading axes are batch
/// axes (broadcast between `a` and `b` where there are two operands). Results are float (int inputs give
/// float64, float32 stays float32). Failures only known from the values (a matrix that is not positive
/// definite, a singular system) are thrown when the function runs, naming the function and the matrix.
/// Every function has a gradient.
///
/// ```swift
/// let a = matrix("a", shape: [3, 3]), b = vector("b", length: 3)
/// let x = linalg.solve(a, b)
/// let l = linalg.cholesky(a)
/// ```
public enum linalg {}

// MARK: - Shared shape rules

extension linalg {
    /// Checks that `a` is (a stack of) square matrices as far as its static shape shows.
    static func checkSquare(_ a: Variable, op: String, argument: String = "a") throws {
        guard a.ndim >= 2 else {
            throw TesseraError.shapeMismatch(
                "\(op): '\(a)' (argument \(argument)) has \(a.ndim) dimension(s) \(Shape.format(a.staticShape)); it needs at least 2, a matrix or a stack of matrices")
        }
        let n = a.staticShape
        if let r = n[a.ndim - 2], let c = n[a.ndim - 1], r != c {
            throw TesseraError.shapeMismatch(
                "\(op): '\(a)' (argument \(argument)) has shape \(Shape.format(n)); its last two dimensions must be equal (square matrices)")
        }
    }

    /// Checks a run-time value is (a stack of) square matrices; returns the order M.
    static func squareOrder(_ a: NDArray, op: String) throws -> Int {
        guard a.ndim >= 2, a.shape[a.ndim - 1] == a.shape[a.ndim - 2] else {
            throw TesseraError.shapeMismatch(
                "\(op): expects square matrices (..., M, M), but the input has shape \(a.shape)")
        }
        return a.shape[a.ndim - 1]
    }

    /// The float dtype of a result computed from these operands.
    static func resultDType(_ operands: Variable...) -> DType {
        DType.promote(operands.map(\.dtype)).promotedToFloat
    }

    /// The static shape of `solve(a, b)`-like results: `b` is a vector `(M,)` or a stack `(..., M, K)`.
    static func solveShape(_ a: Variable, _ b: Variable, op: String) throws -> [Int?] {
        try checkSquare(a, op: op)
        guard b.ndim >= 1 else {
            throw TesseraError.shapeMismatch("\(op): b ('\(b)') is 0-d; it must be a vector (M,) or matrices (..., M, K)")
        }
        let m = a.staticShape[a.ndim - 1] ?? a.staticShape[a.ndim - 2]
        let bRows = b.ndim == 1 ? b.staticShape[0] : b.staticShape[b.ndim - 2]
        if let m, let bRows, m != bRows {
            throw TesseraError.shapeMismatch(
                "\(op): a ('\(a)') has shape \(Shape.format(a.staticShape)) but b ('\(b)') has shape \(Shape.format(b.staticShape)); b needs \(m) rows to match a")
        }
        let aBatch = Array(a.staticShape.dropLast(2))
        let bBatch = b.ndim == 1 ? [] : Array(b.staticShape.dropLast(2))
        guard let batch = Shape.broadcastStatic([aBatch, bBatch]) else {
            throw TesseraError.shapeMismatch(
                "\(op): the batch dimensions of a \(Shape.format(aBatch)) and b \(Shape.format(bBatch)) cannot be broadcast together")
        }
        return batch + (b.ndim == 1 ? [m ?? bRows] : [m ?? bRows, b.staticShape[b.ndim - 1]])
    }
}

// MARK: - Batches of matrices

/// Where each matrix of a batch lives in its operands: the batch axes of the operands broadcast together.
struct MatrixBatch {
    /// The broadcast batch shape.
    let shape: [Int]
    /// Per operand, the element offset of its matrix for each batch element (row-major over `shape`).
    let offsets: [[Int]]

    /// The number of matrices.
    var count: Int { shape.reduce(1, *) }

    /// Plans a batch for operands with these batch shapes and matrix sizes (elements per matrix);
    /// `nil` when the batch shapes do not broadcast.
    init?(batches: [[Int]], matrixSizes: [Int]) {
        guard let shape = Shape.broadcast(batches) else { return nil }
        self.shape = shape
        let total = shape.reduce(1, *)
        let nd = shape.count
        var offsets: [[Int]] = []
        for (batch, size) in zip(batches, matrixSizes) {
            // Strides of this operand's batch axes, in elements, aligned to `shape` (0 where broadcast).
            let own = Shape.strides(batch).map { $0 * size }
            var strides = [Int](repeating: 0, count: nd)
            let pad = nd - batch.count
            for (i, d) in batch.enumerated() where d != 1 { strides[i + pad] = own[i] }
            var result = [Int](repeating: 0, count: total)
            var counter = [Int](repeating: 0, count: nd)
            var offset = 0
            for e in 0..<total {
                result[e] = offset
                var a = nd - 1
                while a >= 0 {
                    counter[a] += 1
                    offset += strides[a]
                    if counter[a] < shape[a] { break }
                    offset -= strides[a] * shape[a]
                    counter[a] = 0
                    a -= 1
                }
            }
            offsets.append(result)
        }
        self.offsets = offsets
    }
}

/// Names the matrix of a batch in error messages ("" for a single matrix).
func batchLabel(_ e: Int, of count: Int) -> String {
    count > 1 ? " (matrix \(e) of the batch)" : ""
}

// MARK: - Graph helpers for gradients

/// Swaps the last two axes (the matrix transpose of each matrix in a stack).
func swapLastAxes(_ x: Variable) -> Variable {
    let n = x.ndim
    guard n >= 2 else { return x }
    return transpose(x, axes: Array(0..<(n - 2)) + [n - 1, n - 2])
}

/// Sums a gradient over the batch axes along which `x` was broadcast (a no-op when the static shapes agree).
func sumToShape(_ g: Variable, of x: Variable) -> Variable {
    reduceGradient(g, to: x, output: g)
}

/// The part of each matrix on one side of the diagonal, with the diagonal scaled by `diagonal`:
/// `tril(x)` is `TriangularPart(lower: true, diagonal: 1)`; `diagonal: 0.5` halves it (Murray 2016's Φ).
///
/// Linear and elementwise, so its gradient is itself applied to the output gradient.
struct TriangularPart: Op {
    let lower: Bool
    let diagonal: Double

    var name: String { (lower ? "Tril" : "Triu") + (diagonal == 1 ? "" : "{diagonal×\(diagonal)}") }

    func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs[0].ndim >= 2 else {
            throw TesseraError.shapeMismatch("\(name): needs at least 2 dimensions, '\(inputs[0])' has \(inputs[0].ndim)")
        }
        return [inputs[0].type]
    }

    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let r = x.shape[x.ndim - 2], c = x.shape[x.ndim - 1]
        outputs[0].prepare(shape: x.shape, dtype: x.dtype)
        let count = r * c == 0 ? 0 : x.count / (r * c)
        let lower = self.lower, diagonal = self.diagonal
        x.storage.withUnsafeBufferPointer { src in
            outputs[0].storage.withUnsafeMutableBufferPointer { dst in
                for e in 0..<count {
                    let base = e * r * c
                    for i in 0..<r {
                        for j in 0..<c {
                            let k = base + i * c + j
                            if i == j {
                                dst[k] = src[k] * diagonal
                            } else {
                                dst[k] = (i > j) == lower ? src[k] : 0
                            }
                        }
                    }
                }
            }
        }
        outputs[0].roundToDType()
    }

    func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        [applyOp1(self, outputGradients[0])]
    }

    func cCode(_ k: CKernel) -> String? {
        let x = k.inputs[0], out = k.outputs[0], p = k.prefix
        let r = x.shape[x.shape.count - 2], c = x.shape[x.shape.count - 1]
        let kept = lower ? "\(p)i > \(p)j" : "\(p)i < \(p)j"
        let value = CDType.round("\(x.name)[\(p)o] * \(CEmitter.literal(diagonal))", out.dtype)
        return "for (long \(p)o = 0; \(p)o < \(x.count)L; \(p)o++) { long \(p)i = (\(p)o / \(Swift.max(c, 1))L) % \(Swift.max(r, 1))L, \(p)j = \(p)o % \(Swift.max(c, 1))L; "
            + "\(out.name)[\(p)o] = \(p)i == \(p)j ? \(value) : (\(kept) ? \(x.name)[\(p)o] : 0.0); }"
    }
}
