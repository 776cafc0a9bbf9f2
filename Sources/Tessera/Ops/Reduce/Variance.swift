import Foundation

/// Variance over some axes (all when `axes` is nil), as `numpy.var`:
///
/// ```
/// var(x) = Σ (x - mean(x))² / max(n - ddof, 0)
/// ```
///
/// Computed in two passes (mean, then squared deviations) for accuracy. Integers give float64.
/// An empty group gives nan; `ddof >= n` divides by zero (inf or nan), as NumPy.
public struct Variance: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool
    /// Delta degrees of freedom: the divisor is `n - ddof`.
    public let ddof: Int

    public init(axes: [Int]?, keepdims: Bool = false, ddof: Int = 0) {
        self.axes = axes
        self.keepdims = keepdims
        self.ddof = ddof
    }

    public var reductionName: String { "Var" }
    public var nameDetail: String? { ddof == 0 ? nil : "ddof=\(ddof)" }
    public func outputDType(_ input: DType) -> DType { input.promotedToFloat }
    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double { variance(group, ddof: ddof) }

    /// `gx = gz · 2 (x - mean(x)) / (n - ddof)`.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let g = outputGradients[0]
        let centered = x - mean(x, axes: axes, keepdims: true)
        let divisor = applyOp1(ReducedCount(axes: axes, ddof: ddof, dtype: x.dtype), x)
        return [expandedGradient(g, inputNDim: x.ndim) * centered * (2.0 / divisor)]
    }
}

/// Standard deviation over some axes (all when `axes` is nil): the square root of ``Variance``,
/// as `numpy.std`.
public struct StdDev: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool
    /// Delta degrees of freedom: the divisor is `n - ddof`.
    public let ddof: Int

    public init(axes: [Int]?, keepdims: Bool = false, ddof: Int = 0) {
        self.axes = axes
        self.keepdims = keepdims
        self.ddof = ddof
    }

    public var reductionName: String { "Std" }
    public var nameDetail: String? { ddof == 0 ? nil : "ddof=\(ddof)" }
    public func outputDType(_ input: DType) -> DType { input.promotedToFloat }
    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double { variance(group, ddof: ddof).squareRoot() }

    /// `gx = gz · (x - mean(x)) / ((n - ddof) · std(x))`.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let g = outputGradients[0]
        let centered = x - mean(x, axes: axes, keepdims: true)
        let divisor = applyOp1(ReducedCount(axes: axes, ddof: ddof, dtype: x.dtype), x)
        return [expandedGradient(g, inputNDim: x.ndim) * centered / (divisor * expandedOutput(node))]
    }
}

/// Two-pass variance of a group with divisor `max(n - ddof, 0)`.
private func variance(_ group: UnsafeBufferPointer<Double>, ddof: Int) -> Double {
    var s = 0.0
    for v in group { s += v }
    let m = s / Double(group.count)
    var ss = 0.0
    for v in group { ss += (v - m) * (v - m) }
    return ss / Double(Swift.max(group.count - ddof, 0))
}

/// Variance over `axis` (all when nil), as `numpy.var`; `ddof` is subtracted from the count.
///
/// `var` is a Swift keyword: call it with backquotes around its name, or use ``variance(_:axis:keepdims:ddof:)``.
public func `var`(_ x: Variable, axis: Int? = nil, keepdims: Bool = false, ddof: Int = 0) -> Variable {
    variance(x, axis: axis, keepdims: keepdims, ddof: ddof)
}

/// Variance over several axes (all when nil), as `numpy.var`.
public func `var`(_ x: Variable, axes: [Int]?, keepdims: Bool = false, ddof: Int = 0) -> Variable {
    variance(x, axes: axes, keepdims: keepdims, ddof: ddof)
}

/// Variance over `axis` (all when nil), as `numpy.var`; `ddof` is subtracted from the count.
public func variance(_ x: Variable, axis: Int? = nil, keepdims: Bool = false, ddof: Int = 0) -> Variable {
    variance(x, axes: axis.map { [$0] }, keepdims: keepdims, ddof: ddof)
}

/// Variance over several axes (all when nil), as `numpy.var`.
public func variance(_ x: Variable, axes: [Int]?, keepdims: Bool = false, ddof: Int = 0) -> Variable {
    makeReduction("var", x, axes: axes) { Variance(axes: $0, keepdims: keepdims, ddof: ddof) }
}

/// Standard deviation over `axis` (all when nil), as `numpy.std`.
public func std(_ x: Variable, axis: Int? = nil, keepdims: Bool = false, ddof: Int = 0) -> Variable {
    std(x, axes: axis.map { [$0] }, keepdims: keepdims, ddof: ddof)
}

/// Standard deviation over several axes (all when nil), as `numpy.std`.
public func std(_ x: Variable, axes: [Int]?, keepdims: Bool = false, ddof: Int = 0) -> Variable {
    makeReduction("std", x, axes: axes) { StdDev(axes: $0, keepdims: keepdims, ddof: ddof) }
}

extension Variable {
    /// Variance over `axis` (all when nil).
    public func variance(axis: Int? = nil, keepdims: Bool = false, ddof: Int = 0) -> Variable {
        Tessera.variance(self, axis: axis, keepdims: keepdims, ddof: ddof)
    }
    /// Standard deviation over `axis` (all when nil).
    public func std(axis: Int? = nil, keepdims: Bool = false, ddof: Int = 0) -> Variable {
        Tessera.std(self, axis: axis, keepdims: keepdims, ddof: ddof)
    }
}

/// Two passes: the sum, then the squared deviations from the mean.
private func varianceCode(_ p: String, groupSize: Int, ddof: Int, squareRoot: Bool) -> CReductionCode {
    let n = CEmitter.literal(Double(groupSize))
    let divisor = CEmitter.literal(Double(Swift.max(groupSize - ddof, 0)))
    let value = "\(p)ss / \(divisor)"
    return CReductionCode(
        setup: "double \(p)s = 0.0, \(p)ss = 0.0;",
        passes: ["\(p)s += \(p)v;", "{ double \(p)d = \(p)v - \(p)s / \(n); \(p)ss += \(p)d * \(p)d; }"],
        result: squareRoot ? "sqrt(\(value))" : "(\(value))")
}

extension Variance {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        varianceCode(p, groupSize: groupSize, ddof: ddof, squareRoot: false)
    }
}

extension StdDev {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        varianceCode(p, groupSize: groupSize, ddof: ddof, squareRoot: true)
    }
}
