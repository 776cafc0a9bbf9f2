/// Index of the largest element along one axis, or in the flattened input when `axis` is nil,
/// as `numpy.argmax`: int64, the first occurrence on ties, a nan counting as the largest.
///
/// An empty axis is an error, as in NumPy. Discrete: no gradient.
public struct Argmax: Reduction {
    /// The normalised axis, `nil` for the flattened input.
    public let axis: Int?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axis: Int?, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var axes: [Int]? { axis.map { [$0] } }
    public var reductionName: String { "Argmax" }
    public var needsNonEmptyGroups: Bool { true }
    public func outputDType(_ input: DType) -> DType { .int64 }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var best = 0
        for k in group.indices {
            if group[k].isNaN { return Double(k) }
            if group[k] > group[best] { best = k }
        }
        return Double(best)
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil] }
}

/// Index of the smallest element along one axis, or in the flattened input when `axis` is nil,
/// as `numpy.argmin`: int64, the first occurrence on ties, a nan counting as the smallest.
///
/// An empty axis is an error, as in NumPy. Discrete: no gradient.
public struct Argmin: Reduction {
    /// The normalised axis, `nil` for the flattened input.
    public let axis: Int?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axis: Int?, keepdims: Bool = false) {
        self.axis = axis
        self.keepdims = keepdims
    }

    public var axes: [Int]? { axis.map { [$0] } }
    public var reductionName: String { "Argmin" }
    public var needsNonEmptyGroups: Bool { true }
    public func outputDType(_ input: DType) -> DType { .int64 }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var best = 0
        for k in group.indices {
            if group[k].isNaN { return Double(k) }
            if group[k] < group[best] { best = k }
        }
        return Double(best)
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil] }
}

/// Index of the largest element along `axis` (of the flattened input when nil), as `numpy.argmax`.
///
/// With `keepdims`, the reduced axis (every axis, when `axis` is nil) stays as size 1.
/// - Throws: (at run time) when the axis is empty.
public func argmax(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    makeReduction("argmax", x, axes: axis.map { [$0] }) { Argmax(axis: $0?.first, keepdims: keepdims) }
}

/// Index of the smallest element along `axis` (of the flattened input when nil), as `numpy.argmin`.
///
/// - Throws: (at run time) when the axis is empty.
public func argmin(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    makeReduction("argmin", x, axes: axis.map { [$0] }) { Argmin(axis: $0?.first, keepdims: keepdims) }
}

extension Variable {
    /// Index of the largest element along `axis` (of the flattened tensor when nil).
    public func argmax(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.argmax(self, axis: axis, keepdims: keepdims) }
    /// Index of the smallest element along `axis` (of the flattened tensor when nil).
    public func argmin(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.argmin(self, axis: axis, keepdims: keepdims) }
}

/// C code for the first index of the extremum (`cmp` is `>` or `<`), a nan winning at once.
private func argExtremumCode(_ p: String, _ cmp: String) -> CReductionCode {
    CReductionCode(
        setup: "double \(p)a = 0.0; long \(p)best = 0, \(p)k = 0; int \(p)done = 0;",
        passes: ["if (!\(p)done) { if (\(p)v != \(p)v) { \(p)best = \(p)k; \(p)done = 1; } else if (\(p)k == 0 || \(p)v \(cmp) \(p)a) { \(p)a = \(p)v; \(p)best = \(p)k; } } \(p)k++;"],
        result: "(double)\(p)best")
}

extension Argmax {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? { argExtremumCode(p, ">") }
}

extension Argmin {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? { argExtremumCode(p, "<") }
}
