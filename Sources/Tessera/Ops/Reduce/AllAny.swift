/// Whether every element over some axes (all when `axes` is nil) is nonzero, as `numpy.all`.
///
/// Output bool; an empty group is true. Discrete: no gradient.
public struct All: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "All" }
    public func outputDType(_ input: DType) -> DType { .bool }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        for v in group where v == 0 { return 0 }
        return 1
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil] }
}

/// Whether any element over some axes (all when `axes` is nil) is nonzero, as `numpy.any`.
///
/// Output bool; an empty group is false; nan counts as nonzero. Discrete: no gradient.
public struct AnyTrue: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "Any" }
    public func outputDType(_ input: DType) -> DType { .bool }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        for v in group where v != 0 { return 1 }
        return 0
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil] }
}

/// Whether all elements over `axis` (all when nil) are nonzero (true), as `numpy.all`.
public func all(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    all(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Whether all elements over several axes are nonzero.
public func all(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("all", x, axes: axes) { All(axes: $0, keepdims: keepdims) }
}

/// Whether any element over `axis` (all when nil) is nonzero (true), as `numpy.any`.
public func any(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    any(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Whether any element over several axes is nonzero.
public func any(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("any", x, axes: axes) { AnyTrue(axes: $0, keepdims: keepdims) }
}

extension Variable {
    /// Whether all elements over `axis` (all when nil) are nonzero.
    public func all(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.all(self, axis: axis, keepdims: keepdims) }
    /// Whether any element over `axis` (all when nil) is nonzero.
    public func any(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.any(self, axis: axis, keepdims: keepdims) }
}

extension All {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        CReductionCode(setup: "double \(p)a = 1.0;", passes: ["if (\(p)v == 0.0) \(p)a = 0.0;"], result: "\(p)a")
    }
}

extension AnyTrue {
    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        CReductionCode(setup: "double \(p)a = 0.0;", passes: ["if (\(p)v != 0.0) \(p)a = 1.0;"], result: "\(p)a")
    }
}
