/// Solves `op(A) X = B` for triangular `A` by substitution (`scipy.linalg.solve_triangular`), `op(A)` being
/// `A` or `Aᵀ`; only the triangle of `A` named by `lower` is read. `B` is a vector `(M,)` or matrices
/// `(..., M, K)`; batch axes broadcast.
///
/// Gradient (Giles 2008, "An extended collection of matrix derivative results", §2.3.1):
/// `B̄ = op(A)⁻ᵀ X̄`, and `Ā = −B̄ Xᵀ` (or `−X B̄ᵀ` when transposed) restricted to the triangle read.
public struct SolveTriangular: Op {
    public let lower: Bool
    public let transpose: Bool
    public let unitDiagonal: Bool

    public init(lower: Bool, transpose: Bool = false, unitDiagonal: Bool = false) {
        self.lower = lower
        self.transpose = transpose
        self.unitDiagonal = unitDiagonal
    }

    public var name: String {
        "SolveTriangular{lower=\(lower), trans=\(transpose)\(unitDiagonal ? ", unit_diagonal=true" : "")}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let a = inputs[0], b = inputs[1]
        let shape = try linalg.solveShape(a, b, op: "solveTriangular")
        return [TensorType(dtype: linalg.resultDType(a, b), shape: shape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let a = inputs[0], b = inputs[1]
        let plan = try SolvePlan(a, b, op: "solveTriangular")
        outputs[0].prepare(shape: plan.shape, dtype: outputs[0].dtype)
        var singular: (matrix: Int, position: Int)? = nil
        let (m, k) = (plan.m, plan.k)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                outputs[0].storage.withUnsafeMutableBufferPointer { px in
                    guard let ap = pa.baseAddress, let bp = pb.baseAddress, let xp = px.baseAddress else { return }
                    for e in 0..<plan.batch.count {
                        if let i = LinalgKernels.solveTriangular(
                            ap + plan.batch.offsets[0][e], bp + plan.batch.offsets[1][e], xp + e * m * k,
                            m: m, k: k, lower: lower, transpose: transpose, unitDiagonal: unitDiagonal)
                        {
                            singular = (e, i)
                            return
                        }
                    }
                }
            }
        }
        if let singular {
            throw TesseraError.numerical(
                "solveTriangular: the matrix is singular\(batchLabel(singular.matrix, of: plan.batch.count)): diagonal element \(singular.position) is zero")
        }
        outputs[0].roundToDType()
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let a = node.inputs[0], b = node.inputs[1]
        let (b2, x2, g2) = asMatrices(b, node.output(0), outputGradients[0])
        let gb2 = linalg.solveTriangular(a, g2, lower: lower, transpose: !transpose, unitDiagonal: unitDiagonal)
        var ga: Variable? = nil
        if a.dtype.isFloat {
            let full = transpose ? -matmul(x2, swapLastAxes(gb2)) : -matmul(gb2, swapLastAxes(x2))
            ga = sumToShape(applyOp1(TriangularPart(lower: lower, diagonal: unitDiagonal ? 0 : 1), full), of: a)
        }
        return [ga, b.dtype.isFloat ? fromMatrices(sumToShape(gb2, of: b2), like: b) : nil]
    }
}

/// The right-hand side, solution and its gradient of a solve as matrices: a vector `b` becomes a column.
func asMatrices(_ b: Variable, _ x: Variable, _ g: Variable) -> (Variable, Variable, Variable) {
    guard b.ndim == 1 else { return (b, x, g) }
    return (expandDims(b, axis: -1), expandDims(x, axis: -1), expandDims(g, axis: -1))
}

/// A gradient computed for the column form of `b` back in `b`'s form.
func fromMatrices(_ g: Variable, like b: Variable) -> Variable {
    b.ndim == 1 ? squeeze(g, axis: [-1]) : g
}

/// The run-time layout of a solve: `a` `(..., M, M)` and `b` `(M,)` or `(..., M, K)`.
struct SolvePlan {
    let m: Int
    let k: Int
    let batch: MatrixBatch
    let shape: [Int]

    init(_ a: NDArray, _ b: NDArray, op: String) throws {
        m = try linalg.squareOrder(a, op: op)
        guard b.ndim >= 1 else { throw TesseraError.shapeMismatch("\(op): b is 0-d; it must be a vector (M,) or matrices (..., M, K)") }
        let rows = b.ndim == 1 ? b.shape[0] : b.shape[b.ndim - 2]
        guard rows == m else {
            throw TesseraError.shapeMismatch("\(op): a has shape \(a.shape) but b has shape \(b.shape); b needs \(m) rows to match a")
        }
        k = b.ndim == 1 ? 1 : b.shape[b.ndim - 1]
        let bBatch = b.ndim == 1 ? [] : Array(b.shape.dropLast(2))
        guard let batch = MatrixBatch(batches: [Array(a.shape.dropLast(2)), bBatch], matrixSizes: [m * m, m * k]) else {
            throw TesseraError.shapeMismatch("\(op): the batch dimensions of a \(a.shape) and b \(b.shape) cannot be broadcast together")
        }
        self.batch = batch
        shape = batch.shape + (b.ndim == 1 ? [m] : [m, k])
    }
}

extension linalg {
    /// Solves `a x = b` (or `aᵀ x = b`) for triangular `a` by substitution (`scipy.linalg.solve_triangular`);
    /// only the triangle of `a` named by `lower` is read.
    ///
    /// ```swift
    /// let l = linalg.cholesky(cov)
    /// let z = linalg.solveTriangular(l, x - mu, lower: true)   // L⁻¹ (x − μ)
    /// ```
    /// - Parameters:
    ///   - a: triangular matrices `(..., M, M)`; only the triangle named by `lower` is read.
    ///   - b: a vector `(M,)` or matrices `(..., M, K)`; batch axes broadcast with `a`'s.
    ///   - lower: whether `a` is lower (true) or upper triangular.
    ///   - transpose: solve with `aᵀ` instead of `a`.
    ///   - unitDiagonal: take `a`'s diagonal as ones (it is not read).
    /// - Returns: `x` with `b`'s shape (batch axes broadcast). Throws when the function runs if a diagonal
    ///   element is zero; an invalid variable for mismatched shapes.
    /// - Complexity: O(M²·K) per matrix.
    public static func solveTriangular(_ a: Variable, _ b: Variable, lower: Bool = true, transpose: Bool = false,
                                       unitDiagonal: Bool = false) -> Variable {
        applyOp1(SolveTriangular(lower: lower, transpose: transpose, unitDiagonal: unitDiagonal), a, b)
    }
}

extension SolveTriangular {
    /// Substitution as in `LinalgKernels/solveTriangular(_:_:_:m:k:lower:transpose:unitDiagonal:)`,
    /// per matrix of the (broadcast) batch; a zero on the diagonal hands the call back to the VM,
    /// which reports it.
    public func cCode(_ kernel: CKernel) -> String? {
        let a = kernel.inputs[0], b = kernel.inputs[1], x = kernel.outputs[0], p = kernel.prefix
        guard a.shape.count >= 2, b.shape.count >= 1 else { return "return 1;" }
        let m = a.shape[a.shape.count - 1]
        let k = b.shape.count == 1 ? 1 : b.shape[b.shape.count - 1]
        let bBatch = b.shape.count == 1 ? [] : Array(b.shape.dropLast(2))
        guard let batch = MatrixBatch(batches: [Array(a.shape.dropLast(2)), bBatch], matrixSizes: [m * m, m * k]),
              x.count == batch.count * m * k else { return "return 1;" }
        // op(a)[i, q]: a[i, q], or a[q, i] when transposed; op(a) is lower triangular when lower != transpose.
        let element = transpose ? "\(p)a[\(p)q*\(m)L + \(p)i]" : "\(p)a[\(p)i*\(m)L + \(p)q]"
        let forward = lower != transpose
        let range = forward ? "long \(p)q = 0; \(p)q < \(p)i; \(p)q++" : "long \(p)q = \(p)i + 1; \(p)q < \(m)L; \(p)q++"
        let diagonal = unitDiagonal ? "" : """
                double \(p)d = \(p)a[\(p)i*\(m)L + \(p)i];
                if (\(p)d == 0.0) return 1;
                double \(p)r = 1.0 / \(p)d;
                for (long \(p)c = 0; \(p)c < \(k)L; \(p)c++) \(p)xi[\(p)c] *= \(p)r;
            """
        return """
            \(LinalgKernels.cTable("\(p)oa", batch.offsets[0])) \(LinalgKernels.cTable("\(p)ob", batch.offsets[1]))
            for (long \(p)e = 0; \(p)e < \(batch.count)L; \(p)e++) {
              const double *\(p)a = \(a.name) + \(p)oa[\(p)e]; double *\(p)x = \(x.name) + \(p)e*\(m * k)L;
              memcpy(\(p)x, \(b.name) + \(p)ob[\(p)e], \(m * k)L * sizeof(double));
              for (long \(p)s = 0; \(p)s < \(m)L; \(p)s++) {
                long \(p)i = \(forward ? "\(p)s" : "\(m - 1)L - \(p)s");
                double *\(p)xi = \(p)x + \(p)i*\(k)L;
                for (\(range)) {
                  double \(p)aiq = \(element);
                  if (\(p)aiq == 0.0) continue;
                  const double *\(p)xq = \(p)x + \(p)q*\(k)L;
                  for (long \(p)c = 0; \(p)c < \(k)L; \(p)c++) \(p)xi[\(p)c] -= \(p)aiq * \(p)xq[\(p)c];
                }
            \(diagonal)
              }
            }
            \(LinalgKernels.cRound(x, prefix: p))
            """
    }
}
