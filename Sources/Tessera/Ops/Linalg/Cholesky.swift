import Foundation

/// The lower Cholesky factor `L` of symmetric positive definite matrices, `A = L Lᵀ` (batched over
/// leading axes). Only the lower triangle of `A` is read, as LAPACK's `potrf`.
///
/// When a matrix is not positive definite the op throws at run time (`nanOnError == false`) or returns
/// a matrix of NaN (`true`, PyTensor's `on_error="nan"`, for samplers that treat NaN as rejection).
///
/// Gradient (Murray 2016, "Differentiation of the Cholesky decomposition", arXiv:1602.07527, eq. 10,
/// in the form PyTensor uses): with `Φ(X)` the lower triangle of `X` with its diagonal halved,
/// `S = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹` and `Ā = tril(S + Sᵀ) − diag(S)`: lower triangular, matching a kernel that
/// reads only `A`'s lower triangle (for symmetric perturbations it equals the symmetric gradient).
public struct Cholesky: Op {
    /// Whether a matrix that is not positive definite gives NaN instead of an error.
    public let nanOnError: Bool

    public init(nanOnError: Bool = false) { self.nanOnError = nanOnError }

    public var name: String { nanOnError ? "Cholesky{onError=nan}" : "Cholesky" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let a = inputs[0]
        try linalg.checkSquare(a, op: "cholesky")
        return [TensorType(dtype: linalg.resultDType(a), shape: a.staticShape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let a = inputs[0]
        let n = try linalg.squareOrder(a, op: "cholesky")
        outputs[0].prepare(shape: a.shape, dtype: outputs[0].dtype)
        let size = n * n
        let count = size == 0 ? 0 : a.count / size
        var failure: (matrix: Int, minor: Int)? = nil
        a.storage.withUnsafeBufferPointer { pa in
            outputs[0].storage.withUnsafeMutableBufferPointer { pl in
                guard let ap = pa.baseAddress, let lp = pl.baseAddress else { return }
                for e in 0..<count {
                    if let minor = LinalgKernels.cholesky(ap + e * size, lp + e * size, n: n) {
                        if !nanOnError {
                            failure = (e, minor)
                            return
                        }
                        (lp + e * size).update(repeating: .nan, count: size)
                    }
                }
            }
        }
        if let failure {
            throw TesseraError.numerical(
                "cholesky: the matrix is not positive definite\(batchLabel(failure.matrix, of: count)): its leading minor of order \(failure.minor) is not positive; pass onError: .nan to get NaN instead")
        }
        outputs[0].roundToDType()
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        guard node.inputs[0].dtype.isFloat else { return [nil] }
        let l = node.output(0), gl = outputGradients[0]
        let phi = applyOp1(TriangularPart(lower: true, diagonal: 0.5), matmul(swapLastAxes(l), gl))
        // S = L⁻ᵀ Φ L⁻¹ = (L⁻ᵀ (L⁻ᵀ Φ)ᵀ)ᵀ, two triangular solves with Lᵀ.
        let left = linalg.solveTriangular(l, phi, lower: true, transpose: true)
        let s = swapLastAxes(linalg.solveTriangular(l, swapLastAxes(left), lower: true, transpose: true))
        return [applyOp1(TriangularPart(lower: true, diagonal: 0.5), s + swapLastAxes(s))]
    }
}

extension linalg {
    /// What to do when a matrix handed to ``linalg/cholesky(_:onError:)`` is not positive definite.
    public enum OnError: Sendable {
        /// Throw ``TesseraError/numerical(_:)`` when the function runs (the default).
        case raise
        /// Return a matrix of NaN (PyTensor's `on_error="nan"`), e.g. for samplers that reject NaN.
        case nan
    }

    /// The lower Cholesky factor `L` of a symmetric positive definite matrix, `a = L Lᵀ`
    /// (`np.linalg.cholesky`); only the lower triangle of `a` is read. Batched over leading axes.
    ///
    /// ```swift
    /// let l = linalg.cholesky(cov)        // (3, 3) → (3, 3), lower triangular
    /// ```
    /// - Parameters:
    ///   - a: a symmetric positive definite matrix `(M, M)`, or a stack of them `(..., M, M)`.
    ///   - onError: `.raise` (default) throws when the function runs if a matrix is not positive
    ///     definite, naming the failing leading minor; `.nan` returns NaN for that matrix instead.
    /// - Returns: an invalid variable when `a` is not (a stack of) square matrices.
    /// - Complexity: O(M³/3) per matrix.
    public static func cholesky(_ a: Variable, onError: OnError = .raise) -> Variable {
        applyOp1(Cholesky(nanOnError: onError == .nan), a)
    }
}

extension Cholesky {
    /// The same column-by-column factorisation as `LinalgKernels/cholesky(_:_:n:)`, per matrix of the
    /// batch. A matrix that is not positive definite gives NaN (`nanOnError`) or hands the call back to
    /// the VM, which reports it.
    public func cCode(_ k: CKernel) -> String? {
        let a = k.inputs[0], l = k.outputs[0], p = k.prefix
        guard a.shape.count >= 2 else { return "return 1;" }
        let n = a.shape[a.shape.count - 1]
        let size = n * n
        let count = size == 0 ? 0 : a.count / size
        let failure = nanOnError
            ? "for (long \(p)q = 0; \(p)q < \(size)L; \(p)q++) \(p)l[\(p)q] = NAN; continue;"
            : "return 1;"
        return """
            for (long \(p)e = 0; \(p)e < \(count)L; \(p)e++) {
              const double *\(p)a = \(a.name) + \(p)e*\(size)L; double *\(p)l = \(l.name) + \(p)e*\(size)L; int \(p)bad = 0;
              for (long \(p)j = 0; \(p)j < \(n)L && !\(p)bad; \(p)j++) {
                double *\(p)lj = \(p)l + \(p)j*\(n)L;
                double \(p)s = \(p)a[\(p)j*\(n)L + \(p)j];
                for (long \(p)q = 0; \(p)q < \(p)j; \(p)q++) \(p)s -= \(p)lj[\(p)q] * \(p)lj[\(p)q];
                if (!(\(p)s > 0.0)) { \(p)bad = 1; break; }
                double \(p)d = sqrt(\(p)s);
                \(p)lj[\(p)j] = \(p)d;
                for (long \(p)q = \(p)j + 1; \(p)q < \(n)L; \(p)q++) \(p)lj[\(p)q] = 0.0;
                for (long \(p)i = \(p)j + 1; \(p)i < \(n)L; \(p)i++) {
                  double *\(p)li = \(p)l + \(p)i*\(n)L;
                  double \(p)t = \(p)a[\(p)i*\(n)L + \(p)j];
                  for (long \(p)q = 0; \(p)q < \(p)j; \(p)q++) \(p)t -= \(p)li[\(p)q] * \(p)lj[\(p)q];
                  \(p)li[\(p)j] = \(p)t / \(p)d;
                }
              }
              if (\(p)bad) { \(failure) }
              \(l.dtype == .float32 ? "for (long \(p)q = 0; \(p)q < \(size)L; \(p)q++) \(p)l[\(p)q] = (double)(float)\(p)l[\(p)q];" : "")
            }
            """
    }
}
