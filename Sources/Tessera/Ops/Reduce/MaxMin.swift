/// Largest element over some axes (all when `axes` is nil), optionally keeping them as size 1.
///
/// Keeps the input dtype; nan wins over numbers (as `numpy.max`). A reduction over an
/// empty axis is an error, as in NumPy (there is no identity).
public struct Max: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "Max" }
    public var needsNonEmptyGroups: Bool { true }
    public func outputDType(_ input: DType) -> DType { input }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var m = -Double.infinity
        for v in group {
            if v.isNaN { return v }
            if v > m { m = v }
        }
        return m
    }

    /// `gx = gz` at the positions equal to the maximum, 0 elsewhere; tied maxima each get the
    /// whole gradient, as PyTensor's `Max`.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        extremumPullback(self, node, outputGradients)
    }
}

/// Smallest element over some axes (all when `axes` is nil), optionally keeping them as size 1.
///
/// Keeps the input dtype; nan wins over numbers (as `numpy.min`). A reduction over an
/// empty axis is an error, as in NumPy.
public struct Min: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "Min" }
    public var needsNonEmptyGroups: Bool { true }
    public func outputDType(_ input: DType) -> DType { input }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var m = Double.infinity
        for v in group {
            if v.isNaN { return v }
            if v < m { m = v }
        }
        return m
    }

    /// `gx = gz` at the positions equal to the minimum (all tied minima), 0 elsewhere.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        extremumPullback(self, node, outputGradients)
    }
}

/// The gradient of `max`/`min`: `gz` routed to every element equal to the extremum.
private func extremumPullback(_ op: some Reduction, _ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
    let x = node.inputs[0]
    guard x.dtype.isFloat else { return [nil] }
    let mask = elemwise(IsExtremum(), x, op.expandedOutput(node))
    return [op.expandedGradient(outputGradients[0], inputNDim: x.ndim) * mask]
}

/// `x == m ? 1 : 0` as a float: where an element attains its group's extremum `m`.
struct IsExtremum: BinaryScalarOp {
    var name: String { "IsExtremum" }
    var dtypeRule: DTypeRule { .float }
    @inline(__always) func evaluate(_ x: Double, _ m: Double) -> Double { x == m ? 1 : 0 }
    /// Piecewise constant: no gradient.
    func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, nil] }
}

/// Largest element over `axis` (all when nil), as `numpy.max`.
///
/// Takes a tensor, so `max(3, 4)` on numbers still means `Swift.max`.
/// - Throws: (at run time) when the reduced axis is empty.
public func max(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    max(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Largest element over several axes (all when nil).
public func max(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("max", x, axes: axes) { Max(axes: $0, keepdims: keepdims) }
}

/// Smallest element over `axis` (all when nil), as `numpy.min`.
public func min(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    min(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Smallest element over several axes (all when nil).
public func min(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("min", x, axes: axes) { Min(axes: $0, keepdims: keepdims) }
}

extension Variable {
    /// Largest element over `axis` (all when nil).
    public func max(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.max(self, axis: axis, keepdims: keepdims) }
    /// Smallest element over `axis` (all when nil).
    public func min(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.min(self, axis: axis, keepdims: keepdims) }
}

extension Max {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        CReductionCode(setup: "double \(p)a = -INFINITY; int \(p)nan = 0;",
                       passes: ["if (\(p)v != \(p)v) \(p)nan = 1; else if (\(p)v > \(p)a) \(p)a = \(p)v;"],
                       result: "(\(p)nan ? NAN : \(p)a)")
    }
}

extension Min {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        CReductionCode(setup: "double \(p)a = INFINITY; int \(p)nan = 0;",
                       passes: ["if (\(p)v != \(p)v) \(p)nan = 1; else if (\(p)v < \(p)a) \(p)a = \(p)v;"],
                       result: "(\(p)nan ? NAN : \(p)a)")
    }
}
