/// `Aᵀ · B` for a matrix `A (k, n)` and `B (k, m)` (or a vector `B (k,)`), reading `A` row by row: what the
/// specialize rewrite turns `matmul(transpose(A), B)` into, so a gradient `Xᵀ r` reads the data matrix once
/// instead of copying its transpose first.
public struct MatMulTransposedA: Op {
    public init() {}
    public var name: String { "MatMul{transpose_a}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let a = inputs[0], b = inputs[1]
        guard a.ndim == 2, b.ndim == 1 || b.ndim == 2 else {
            throw TesseraError.shapeMismatch("matmul(transpose(a), b): a must be 2-d and b 1- or 2-d")
        }
        let dtype = DType.promote([a.dtype, b.dtype]).promotedToFloat
        return [TensorType(dtype: dtype, shape: b.ndim == 1 ? [a.staticShape[1]] : [a.staticShape[1], b.staticShape[1]])]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let a = inputs[0], b = inputs[1]
        let (k, n) = (a.shape[0], a.shape[1])
        let m = b.ndim == 1 ? 1 : b.shape[1]
        guard b.shape[0] == k else {
            throw TesseraError.shapeMismatch("matmul(transpose(a), b): a has \(k) rows but b has \(b.shape[0])")
        }
        outputs[0].prepare(shape: b.ndim == 1 ? [n] : [n, m], dtype: outputs[0].dtype)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                outputs[0].storage.withUnsafeMutableBufferPointer { c in
                    for i in c.indices { c[i] = 0 }
                    for r in 0..<k {
                        for i in 0..<n {
                            let x = pa[r * n + i]
                            for j in 0..<m { c[i * m + j] += x * pb[r * m + j] }
                        }
                    }
                }
            }
        }
    }

    public func cCode(_ kernel: CKernel) -> String? {
        let a = kernel.inputs[0], b = kernel.inputs[1], c = kernel.outputs[0]
        let (k, n) = (a.shape[0], a.shape[1])
        let m = b.shape.count == 1 ? 1 : b.shape[1]
        guard b.shape[0] == k else { return "return 1;" }
        let p = kernel.prefix
        return """
            for (long \(p)i = 0; \(p)i < \(n * m)L; \(p)i++) \(c.name)[\(p)i] = 0.0;
            for (long \(p)r = 0; \(p)r < \(k)L; \(p)r++) {
              const double *\(p)ar = \(a.name) + \(p)r*\(n)L;
              const double *\(p)br = \(b.name) + \(p)r*\(m)L;
              for (long \(p)i = 0; \(p)i < \(n)L; \(p)i++) {
                const double \(p)x = \(p)ar[\(p)i];
                for (long \(p)j = 0; \(p)j < \(m)L; \(p)j++) \(c.name)[\(p)i*\(m)L + \(p)j] += \(p)x * \(p)br[\(p)j];
              }
            }
            """
    }
}
