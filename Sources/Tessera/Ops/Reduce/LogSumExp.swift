import Foundation

/// `log(Σ exp(x))` over some axes (all when `axes` is nil), computed stably:
///
/// ```
/// m = max(x);  logsumexp(x) = m + log(Σ exp(x - m))
/// ```
///
/// As `scipy.special.logsumexp`: a group of only `-inf` (or an empty group) gives `-inf`, a
/// `+inf` element gives `+inf`, a nan gives nan. Integers give float64.
public struct LogSumExp: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "LogSumExp" }
    public func outputDType(_ input: DType) -> DType { input.promotedToFloat }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var m = -Double.infinity
        for v in group {
            if v.isNaN { return v }
            if v > m { m = v }
        }
        if m.isInfinite { return m }  // all -inf (or empty): -inf; any +inf: +inf
        var s = 0.0
        for v in group { s += Foundation.exp(v - m) }
        return m + Foundation.log(s)
    }

    /// `gx = gz · exp(x - logsumexp(x))`: the softmax weights of each group.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let weights = exp(x - expandedOutput(node))
        return [expandedGradient(outputGradients[0], inputNDim: x.ndim) * weights]
    }
}

/// `log(Σ exp(x))` over `axis` (all when nil), without overflow, as `scipy.special.logsumexp`.
public func logsumexp(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    logsumexp(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// `log(Σ exp(x))` over several axes (all when nil).
public func logsumexp(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("logsumexp", x, axes: axes) { LogSumExp(axes: $0, keepdims: keepdims) }
}

extension Variable {
    /// `log(Σ exp(x))` over `axis` (all when nil), computed stably.
    public func logsumexp(axis: Int? = nil, keepdims: Bool = false) -> Variable {
        Tessera.logsumexp(self, axis: axis, keepdims: keepdims)
    }
}

extension LogSumExp {
    /// Two passes: the maximum (nan noted), then `Σ exp(v - max)`.
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        CReductionCode(
            setup: "double \(p)m = -INFINITY, \(p)s = 0.0; int \(p)nan = 0;",
            passes: ["if (\(p)v != \(p)v) \(p)nan = 1; else if (\(p)v > \(p)m) \(p)m = \(p)v;",
                     "\(p)s += exp(\(p)v - \(p)m);"],
            result: "(\(p)nan ? NAN : (isinf(\(p)m) ? \(p)m : \(p)m + log(\(p)s)))")
    }
}
