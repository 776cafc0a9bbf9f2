/// Sum over some axes (all when `axes` is nil), optionally keeping them as size 1.
public struct Sum: Op {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var name: String {
        axes.map { "Sum{axes=(\($0.map(String.init).joined(separator: ",")))}" } ?? "Sum"
    }

    func reduced(_ ndim: Int) -> [Int] { axes ?? Array(0..<ndim) }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        let r = reduced(x.ndim)
        guard r.allSatisfy({ $0 >= 0 && $0 < x.ndim }) else {
            throw TesseraError.invalidArgument("Sum: axes \(r) are out of range for '\(x)' with \(x.ndim) dimensions")
        }
        var shape: [Int?] = []
        for (i, d) in x.staticShape.enumerated() {
            if r.contains(i) { if keepdims { shape.append(1) } } else { shape.append(d) }
        }
        let dtype: DType = x.dtype == .bool ? .int64 : x.dtype
        return [TensorType(dtype: dtype, shape: shape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let r = reduced(x.ndim)
        let keptShape = x.shape.enumerated().map { r.contains($0.offset) ? 1 : $0.element }
        let outShape = keepdims ? keptShape : x.shape.enumerated().filter { !r.contains($0.offset) }.map(\.element)
        outputs[0].prepare(shape: outShape, dtype: outputs[0].dtype)
        reduceSum(x, keptShape: keptShape, into: &outputs[0].storage)
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        var g = outputGradients[0]
        if !keepdims {
            let r = reduced(x.ndim)
            var order: [Int?] = []
            var k = 0
            for i in 0..<x.ndim {
                if r.contains(i) { order.append(nil) } else { order.append(k); k += 1 }
            }
            g = applyOp1(DimShuffle(order: order), g)
        }
        return [broadcastLike(g, x)]
    }
}

extension Sum {
    public func cCode(_ k: CKernel) -> String? {
        let x = k.inputs[0]
        let r = reduced(x.shape.count)
        let kept = x.shape.enumerated().map { r.contains($0.offset) ? 1 : $0.element }
        return CLoops.sum(input: x, out: k.outputs[0], keptShape: kept, prefix: k.prefix)
    }
}

/// Sums `x` into an output of `keptShape` (x's shape with reduced axes set to 1).
func reduceSum(_ x: NDArray, keptShape: [Int], into out: inout [Double]) {
    for i in out.indices { out[i] = 0 }
    if out.count == 1 {
        var s = 0.0
        for v in x.storage { s += v }
        out[0] = s
        return
    }
    let plan = BroadcastPlan(output: x.shape, inputs: [keptShape])
    let inner = plan.innerStrides[0]
    x.storage.withUnsafeBufferPointer { px in
        out.withUnsafeMutableBufferPointer { o in
            plan.forEachRow { xOff, offs, count in
                var j = offs[0]
                if inner == 0 {
                    var s = 0.0
                    for k in 0..<count { s += px[xOff + k] }
                    o[j] += s
                } else {
                    for k in 0..<count { o[j] += px[xOff + k]; j += inner }
                }
            }
        }
    }
}

/// Sum of elements over `axis` (all when nil).
public func sum(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    sum(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Sum of elements over several axes (all when nil).
public func sum(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    guard let axes else { return applyOp1(Sum(axes: nil, keepdims: keepdims), x) }
    var norm: [Int] = []
    for a in axes {
        guard let n = Shape.normalize(axis: a, ndim: x.ndim) else {
            return .invalid(.invalidArgument("sum: axis \(a) is out of range for '\(x)' with \(x.ndim) dimensions"))
        }
        norm.append(n)
    }
    return applyOp1(Sum(axes: Array(Set(norm)).sorted(), keepdims: keepdims), x)
}

extension Variable {
    /// Sum of elements over `axis` (all when nil).
    public func sum(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.sum(self, axis: axis, keepdims: keepdims) }
}
