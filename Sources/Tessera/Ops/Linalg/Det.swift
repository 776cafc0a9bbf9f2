import Foundation

/// Determinants from an LU factorisation with partial pivoting, one result per matrix of a stack.
///
/// `kind` picks the outputs: the determinant; the sign and log of its absolute value (`np.linalg.slogdet`);
/// or `log(det)` (NaN for a negative determinant, −∞ for a singular matrix, as `torch.logdet`).
/// Singular matrices are not an error here: their determinant is 0.
///
/// Gradient (Giles 2008, §2.2.2): `∂det/∂A = det · A⁻ᵀ`, `∂log|det|/∂A = A⁻ᵀ`.
public struct Det: Op {
    /// Which function of the determinant the op computes.
    public enum Kind: Hashable, Sendable {
        /// The determinant.
        case det
        /// Two outputs: the sign (−1, 0 or 1) and `log|det|`.
        case slogdet
        /// `log(det)`: NaN where the determinant is negative.
        case logdet
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var name: String {
        switch kind {
        case .det: "Det"
        case .slogdet: "SLogDet"
        case .logdet: "LogDet"
        }
    }

    var functionName: String {
        switch kind {
        case .det: "det"
        case .slogdet: "slogdet"
        case .logdet: "logdet"
        }
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let a = inputs[0]
        try linalg.checkSquare(a, op: functionName)
        let t = TensorType(dtype: linalg.resultDType(a), shape: Array(a.staticShape.dropLast(2)))
        return kind == .slogdet ? [t, t] : [t]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let a = inputs[0]
        let n = try linalg.squareOrder(a, op: functionName)
        let batchShape = Array(a.shape.dropLast(2))
        let count = batchShape.reduce(1, *)
        for i in outputs.indices { outputs[i].prepare(shape: batchShape, dtype: outputs[i].dtype) }
        var lu = [Double](repeating: 0, count: n * n)
        var perm = [Int](repeating: 0, count: n)
        a.storage.withUnsafeBufferPointer { pa in
            lu.withUnsafeMutableBufferPointer { plu in
                perm.withUnsafeMutableBufferPointer { pp in
                    for e in 0..<count {
                        var sign = 1.0, logabs = 0.0, product = 1.0
                        if let lup = plu.baseAddress, let ap = pa.baseAddress, let permp = pp.baseAddress {
                            lup.update(from: ap + e * n * n, count: n * n)
                            let (s, zeroPivot) = LinalgKernels.luFactor(lup, n: n, perm: permp)
                            sign = s
                            if zeroPivot != nil {
                                (sign, logabs, product) = (0, -.infinity, 0)
                            } else {
                                for i in 0..<n {
                                    let u = lup[i * n + i]
                                    product *= u
                                    if u < 0 { sign = -sign }
                                    logabs += Foundation.log(abs(u))
                                }
                                product *= s
                            }
                        }
                        switch kind {
                        case .det: outputs[0].storage[e] = product
                        case .slogdet:
                            outputs[0].storage[e] = sign
                            outputs[1].storage[e] = logabs
                        case .logdet: outputs[0].storage[e] = sign > 0 ? logabs : (sign == 0 ? -.infinity : .nan)
                        }
                    }
                }
            }
        }
        for i in outputs.indices { outputs[i].roundToDType() }
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let a = node.inputs[0]
        guard a.dtype.isFloat else { return [nil] }
        let invT = swapLastAxes(linalg.inv(a))
        let g: Variable
        switch kind {
        case .det: g = outputGradients[0] * node.output(0)
        case .slogdet: g = outputGradients[1]  // the sign is piecewise constant
        case .logdet: g = outputGradients[0]
        }
        return [expandDims(expandDims(g, axis: -1), axis: -1) * invT]
    }
}

extension linalg {
    /// The determinant of a square matrix, or of each matrix of a stack (`np.linalg.det`); 0 for singular matrices.
    ///
    /// - Returns: a tensor of the batch shape (a scalar for one matrix); an invalid variable for non-square input.
    /// - Complexity: O(2M³/3) per matrix.
    public static func det(_ a: Variable) -> Variable {
        applyOp1(Det(.det), a)
    }

    /// The sign and the log of the absolute value of the determinant (`np.linalg.slogdet`): `det = sign · exp(logabsdet)`,
    /// without overflow. A singular matrix gives sign 0 and −∞.
    ///
    /// ```swift
    /// let (sign, logabsdet) = linalg.slogdet(a)
    /// ```
    public static func slogdet(_ a: Variable) -> (sign: Variable, logabsdet: Variable) {
        let outs = applyOp(Det(.slogdet), [a])
        return outs.count == 2 ? (outs[0], outs[1]) : (outs[0], outs[0])
    }

    /// The log of the determinant, `log(det(a))`, computed without overflow (as `torch.logdet`).
    ///
    /// Meant for matrices with a positive determinant (covariances, Jacobians of orientation-preserving maps):
    /// a negative determinant gives NaN (as `log` of a negative number) and a singular matrix −∞. Use
    /// ``slogdet(_:)`` for `log|det|` with the sign apart. The gradient is `a⁻ᵀ`.
    public static func logdet(_ a: Variable) -> Variable {
        applyOp1(Det(.logdet), a)
    }
}

extension Det {
    /// The LU factorisation per matrix (the prelude's twin of the VM's kernel), then the product of the
    /// pivots, or the sign and the sum of their log-magnitudes, exactly as `perform` combines them.
    public func cCode(_ kernel: CKernel) -> String? {
        let a = kernel.inputs[0], p = kernel.prefix
        guard a.shape.count >= 2 else { return "return 1;" }
        let n = a.shape[a.shape.count - 1], size = n * n
        guard size <= LinalgKernels.nativeScratchLimit else { return nil }
        let count = Array(a.shape.dropLast(2)).reduce(1, *)
        let store: String
        switch kind {
        case .det: store = "\(kernel.outputs[0].name)[\(p)e] = \(p)product;"
        case .slogdet: store = "\(kernel.outputs[0].name)[\(p)e] = \(p)sign; \(kernel.outputs[1].name)[\(p)e] = \(p)logabs;"
        case .logdet: store = "\(kernel.outputs[0].name)[\(p)e] = \(p)sign > 0.0 ? \(p)logabs : (\(p)sign == 0.0 ? -INFINITY : NAN);"
        }
        return """
            double \(p)lu[\(Swift.max(1, size))]; long \(p)perm[\(Swift.max(1, n))];
            for (long \(p)e = 0; \(p)e < \(count)L; \(p)e++) {
              double \(p)sign = 1.0, \(p)logabs = 0.0, \(p)product = 1.0, \(p)s;
              memcpy(\(p)lu, \(a.name) + \(p)e*\(size)L, \(size)L * sizeof(double));
              if (tess_lu_factor(\(p)lu, \(n)L, \(p)perm, &\(p)s) >= 0) {
                \(p)sign = 0.0; \(p)logabs = -INFINITY; \(p)product = 0.0;
              } else {
                \(p)sign = \(p)s;
                for (long \(p)i = 0; \(p)i < \(n)L; \(p)i++) {
                  double \(p)u = \(p)lu[\(p)i*\(n + 1)L];
                  \(p)product *= \(p)u;
                  if (\(p)u < 0.0) \(p)sign = -\(p)sign;
                  \(p)logabs += log(fabs(\(p)u));
                }
                \(p)product *= \(p)s;
              }
              \(store)
            }
            \(kernel.outputs.map { LinalgKernels.cRound($0, prefix: p + $0.name) }.joined(separator: " "))
            """
    }
}
