/// Arithmetic mean over some axes (all when `axes` is nil), optionally keeping them as size 1.
///
/// Dtype as NumPy: bool and int64 give float64, float32 stays float32. The mean of an
/// empty group is nan.
public struct Mean: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "Mean" }

    public func outputDType(_ input: DType) -> DType { input.promotedToFloat }

    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        CReductionCode(setup: "double \(p)a = 0.0;", passes: ["\(p)a += \(p)v;"],
                       result: "\(p)a / \(CEmitter.literal(Double(groupSize)))")
    }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for v in group { s += v }
        return s / Double(group.count)
    }

    /// `gx = broadcast(gz) / n`, with `n` the group size at run time.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let g = outputGradients[0]
        let n = applyOp1(ReducedCount(axes: axes, ddof: 0, dtype: g.dtype), x)
        return [broadcastLike(expandedGradient(g, inputNDim: x.ndim), x) / n]
    }
}

/// Arithmetic mean over `axis` (all when nil), as `numpy.mean`: integers give float64.
public func mean(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    mean(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Arithmetic mean over several axes (all when nil).
public func mean(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("mean", x, axes: axes) { Mean(axes: $0, keepdims: keepdims) }
}

extension Variable {
    /// Arithmetic mean over `axis` (all when nil).
    public func mean(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.mean(self, axis: axis, keepdims: keepdims) }
    /// Arithmetic mean over several axes.
    public func mean(axes: [Int], keepdims: Bool = false) -> Variable { Tessera.mean(self, axes: axes, keepdims: keepdims) }
}
