/// Solves `A X = B` by LU factorisation with partial pivoting (`np.linalg.solve`). `B` is a vector `(M,)`
/// or matrices `(..., M, K)`; batch axes broadcast. A singular matrix (an exactly zero pivot, as LAPACK's
/// `gesv` reports) throws at run time.
///
/// Gradient (Giles 2008, §2.3.1): `B̄ = A⁻ᵀ X̄`, `Ā = −B̄ Xᵀ`.
public struct Solve: Op {
    public init() {}

    public var name: String { "Solve" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let a = inputs[0], b = inputs[1]
        let shape = try linalg.solveShape(a, b, op: "solve")
        return [TensorType(dtype: linalg.resultDType(a, b), shape: shape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let a = inputs[0], b = inputs[1]
        let plan = try SolvePlan(a, b, op: "solve")
        outputs[0].prepare(shape: plan.shape, dtype: outputs[0].dtype)
        let (m, k) = (plan.m, plan.k)
        var lu = [Double](repeating: 0, count: m * m)
        var perm = [Int](repeating: 0, count: m)
        var singular: (matrix: Int, pivot: Int)? = nil
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                outputs[0].storage.withUnsafeMutableBufferPointer { px in
                    lu.withUnsafeMutableBufferPointer { plu in
                        perm.withUnsafeMutableBufferPointer { pp in
                            guard let ap = pa.baseAddress, let bp = pb.baseAddress, let xp = px.baseAddress,
                                  let lup = plu.baseAddress, let permp = pp.baseAddress
                            else { return }
                            for e in 0..<plan.batch.count {
                                lup.update(from: ap + plan.batch.offsets[0][e], count: m * m)
                                if let j = LinalgKernels.luFactor(lup, n: m, perm: permp).zeroPivot {
                                    singular = (e, j)
                                    return
                                }
                                LinalgKernels.luSolve(lup, permp, bp + plan.batch.offsets[1][e], xp + e * m * k, n: m, k: k)
                            }
                        }
                    }
                }
            }
        }
        if let singular {
            throw TesseraError.numerical(
                "solve: the matrix is singular\(batchLabel(singular.matrix, of: plan.batch.count)) (pivot \(singular.pivot) of its LU factorisation is zero)")
        }
        outputs[0].roundToDType()
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let a = node.inputs[0], b = node.inputs[1]
        let (b2, x2, g2) = asMatrices(b, node.output(0), outputGradients[0])
        let gb2 = linalg.solve(swapLastAxes(a), g2)
        let ga: Variable? = a.dtype.isFloat ? sumToShape(-matmul(gb2, swapLastAxes(x2)), of: a) : nil
        return [ga, b.dtype.isFloat ? fromMatrices(sumToShape(gb2, of: b2), like: b) : nil]
    }
}

extension linalg {
    /// Solves the linear system `a x = b` (`np.linalg.solve`) by LU factorisation with partial pivoting.
    ///
    /// ```swift
    /// let x = linalg.solve(a, b)     // (3, 3), (3,) → (3,)
    /// ```
    /// - Parameters:
    ///   - a: square matrices `(..., M, M)`.
    ///   - b: a vector `(M,)` or matrices `(..., M, K)`; batch axes broadcast with `a`'s.
    /// - Returns: `x` with `b`'s shape (batch axes broadcast). Throws when the function runs if `a` is
    ///   singular; an invalid variable for mismatched shapes.
    /// - Complexity: O(2M³/3 + 2M²K) per matrix.
    public static func solve(_ a: Variable, _ b: Variable) -> Variable {
        applyOp1(Solve(), a, b)
    }
}

extension Solve {
    /// LU with partial pivoting per matrix of the (broadcast) batch (the prelude's `tess_lu_factor`, twin of
    /// the VM's kernel); a singular matrix hands the call back to the VM, which reports it. Matrices above
    /// 64×64 stay on the VM (the factor lives on the stack).
    public func cCode(_ kernel: CKernel) -> String? {
        let a = kernel.inputs[0], b = kernel.inputs[1], x = kernel.outputs[0], p = kernel.prefix
        guard a.shape.count >= 2, b.shape.count >= 1 else { return "return 1;" }
        let m = a.shape[a.shape.count - 1]
        guard m * m <= LinalgKernels.nativeScratchLimit else { return nil }
        let k = b.shape.count == 1 ? 1 : b.shape[b.shape.count - 1]
        let bBatch = b.shape.count == 1 ? [] : Array(b.shape.dropLast(2))
        guard let batch = MatrixBatch(batches: [Array(a.shape.dropLast(2)), bBatch], matrixSizes: [m * m, m * k]),
              x.count == batch.count * m * k else { return "return 1;" }
        return """
            \(LinalgKernels.cTable("\(p)oa", batch.offsets[0])) \(LinalgKernels.cTable("\(p)ob", batch.offsets[1]))
            double \(p)lu[\(Swift.max(1, m * m))]; long \(p)perm[\(Swift.max(1, m))]; double \(p)sign;
            for (long \(p)e = 0; \(p)e < \(batch.count)L; \(p)e++) {
              memcpy(\(p)lu, \(a.name) + \(p)oa[\(p)e], \(m * m)L * sizeof(double));
              if (tess_lu_factor(\(p)lu, \(m)L, \(p)perm, &\(p)sign) >= 0) return 1;
              tess_lu_solve(\(p)lu, \(p)perm, \(b.name) + \(p)ob[\(p)e], \(x.name) + \(p)e*\(m * k)L, \(m)L, \(k)L);
            }
            \(LinalgKernels.cRound(x, prefix: p))
            """
    }
}
