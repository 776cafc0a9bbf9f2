/// Sum over some axes (all when `axes` is nil), optionally keeping them as size 1.
///
/// Dtype as NumPy: bool sums to int64, other dtypes keep theirs. An empty sum is 0.
public struct Sum: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "Sum" }

    /// Whether this sum reduces every axis of an `ndim`-dimensional input to a scalar (the form the
    /// rewrites of whole sums look for).
    func isTotal(ofRank ndim: Int) -> Bool { !keepdims && (axes == nil || axes == Array(0..<ndim)) }

    public func outputDType(_ input: DType) -> DType { input == .bool ? .int64 : input }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for v in group { s += v }
        return s
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let r = reduced(x.ndim)
        let keptShape = x.shape.enumerated().map { r.contains($0.offset) ? 1 : $0.element }
        let outShape = keepdims ? keptShape : x.shape.enumerated().filter { !r.contains($0.offset) }.map(\.element)
        outputs[0].prepare(shape: outShape, dtype: outputDType(x.dtype))
        reduceSum(x, keptShape: keptShape, into: &outputs[0].storage)
        outputs[0].roundToDType()
    }

    /// `gx = broadcast(gz)`: each element contributes once to its group's sum.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        return [broadcastLike(expandedGradient(outputGradients[0], inputNDim: x.ndim), x)]
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

/// Sum of elements over `axis` (all when nil; negative counts from the end), as `numpy.sum`.
///
/// ```swift
/// sum(m, axis: 0)          // column sums
/// sum(m, keepdims: true)   // shape (1, 1)
/// ```
public func sum(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    sum(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Sum of elements over several axes (all when nil).
public func sum(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("sum", x, axes: axes) { Sum(axes: $0, keepdims: keepdims) }
}

extension Variable {
    /// Sum of elements over `axis` (all when nil).
    public func sum(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.sum(self, axis: axis, keepdims: keepdims) }
    /// Sum of elements over several axes.
    public func sum(axes: [Int], keepdims: Bool = false) -> Variable { Tessera.sum(self, axes: axes, keepdims: keepdims) }
}
