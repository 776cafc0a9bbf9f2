/// The inverse of square matrices (`np.linalg.inv`) by LU factorisation with partial pivoting, batched
/// over leading axes; a singular matrix throws at run time.
///
/// Gradient (Giles 2008, §2.2.3): with `X = A⁻¹`, `Ā = −Xᵀ X̄ Xᵀ`.
public struct MatrixInverse: Op {
    public init() {}

    public var name: String { "MatrixInverse" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let a = inputs[0]
        try linalg.checkSquare(a, op: "inv")
        return [TensorType(dtype: linalg.resultDType(a), shape: a.staticShape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let a = inputs[0]
        let n = try linalg.squareOrder(a, op: "inv")
        let size = n * n
        let count = size == 0 ? 0 : a.count / size
        outputs[0].prepare(shape: a.shape, dtype: outputs[0].dtype)
        var lu = [Double](repeating: 0, count: size)
        var identity = [Double](repeating: 0, count: size)
        for i in 0..<n { identity[i * n + i] = 1 }
        var perm = [Int](repeating: 0, count: n)
        var singular: (matrix: Int, pivot: Int)? = nil
        a.storage.withUnsafeBufferPointer { pa in
            outputs[0].storage.withUnsafeMutableBufferPointer { px in
                lu.withUnsafeMutableBufferPointer { plu in
                    perm.withUnsafeMutableBufferPointer { pp in
                        identity.withUnsafeBufferPointer { pi in
                            guard let ap = pa.baseAddress, let xp = px.baseAddress, let lup = plu.baseAddress,
                                  let permp = pp.baseAddress, let ip = pi.baseAddress
                            else { return }
                            for e in 0..<count {
                                lup.update(from: ap + e * size, count: size)
                                if let j = LinalgKernels.luFactor(lup, n: n, perm: permp).zeroPivot {
                                    singular = (e, j)
                                    return
                                }
                                LinalgKernels.luSolve(lup, permp, ip, xp + e * size, n: n, k: n)
                            }
                        }
                    }
                }
            }
        }
        if let singular {
            throw TesseraError.numerical(
                "inv: the matrix is singular\(batchLabel(singular.matrix, of: count)) (pivot \(singular.pivot) of its LU factorisation is zero) and has no inverse")
        }
        outputs[0].roundToDType()
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        guard node.inputs[0].dtype.isFloat else { return [nil] }
        let xT = swapLastAxes(node.output(0))
        return [-matmul(matmul(xT, outputGradients[0]), xT)]
    }
}

extension linalg {
    /// The inverse of a square matrix, or of each matrix of a stack (`np.linalg.inv`).
    ///
    /// Prefer ``solve(_:_:)`` to `matmul(inv(a), b)`: it is faster and more accurate.
    /// - Returns: a tensor of `a`'s shape. Throws when the function runs if a matrix is singular;
    ///   an invalid variable for non-square input.
    /// - Complexity: O(2M³) per matrix.
    public static func inv(_ a: Variable) -> Variable {
        applyOp1(MatrixInverse(), a)
    }
}

extension MatrixInverse {
    /// LU with partial pivoting, then the solve against the identity, per matrix (the prelude's twins of
    /// the VM's kernels); a singular matrix hands the call back to the VM, which reports it.
    public func cCode(_ kernel: CKernel) -> String? {
        let a = kernel.inputs[0], x = kernel.outputs[0], p = kernel.prefix
        guard a.shape.count >= 2 else { return "return 1;" }
        let n = a.shape[a.shape.count - 1], size = n * n
        guard size <= LinalgKernels.nativeScratchLimit else { return nil }
        let count = size == 0 ? 0 : a.count / size
        return """
            double \(p)lu[\(Swift.max(1, size))], \(p)id[\(Swift.max(1, size))]; long \(p)perm[\(Swift.max(1, n))]; double \(p)sign;
            memset(\(p)id, 0, sizeof(\(p)id)); for (long \(p)i = 0; \(p)i < \(n)L; \(p)i++) \(p)id[\(p)i*\(n + 1)L] = 1.0;
            for (long \(p)e = 0; \(p)e < \(count)L; \(p)e++) {
              memcpy(\(p)lu, \(a.name) + \(p)e*\(size)L, \(size)L * sizeof(double));
              if (tess_lu_factor(\(p)lu, \(n)L, \(p)perm, &\(p)sign) >= 0) return 1;
              tess_lu_solve(\(p)lu, \(p)perm, \(p)id, \(x.name) + \(p)e*\(size)L, \(n)L, \(n)L);
            }
            \(LinalgKernels.cRound(x, prefix: p))
            """
    }
}
