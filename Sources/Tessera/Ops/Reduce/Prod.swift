/// Product over some axes (all when `axes` is nil), optionally keeping them as size 1.
///
/// Dtype as NumPy: bool multiplies to int64, other dtypes keep theirs. An empty product is 1.
public struct Prod: Reduction {
    /// Normalised, sorted axes; `nil` for all.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output as size 1.
    public let keepdims: Bool

    public init(axes: [Int]?, keepdims: Bool = false) {
        self.axes = axes
        self.keepdims = keepdims
    }

    public var reductionName: String { "Prod" }

    public func outputDType(_ input: DType) -> DType { input == .bool ? .int64 : input }

    public func cGroupCode(prefix p: String, groupSize: Int) -> CReductionCode? {
        CReductionCode(setup: "double \(p)a = 1.0;", passes: ["\(p)a *= \(p)v;"], result: "\(p)a")
    }

    public func reduce(_ group: UnsafeBufferPointer<Double>) -> Double {
        var p = 1.0
        for v in group { p *= v }
        return p
    }

    /// `gx[i] = gz · ∏_{j≠i} x[j]`, the product of the *other* elements of the group, computed
    /// without dividing by `x[i]` so zeros get their exact gradient (PyTensor's `Prod.L_op`
    /// handles the one-zero case the same way).
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let others = applyOp1(ProdOfOthers(axes: reduced(x.ndim)), x)
        return [expandedGradient(outputGradients[0], inputNDim: x.ndim) * others]
    }
}

/// For each element, the product of the other elements of its group in a reduction over
/// `axes`: the partial derivative of `prod` with respect to that element.
///
/// Prefix and suffix products give each value exactly, zeros included:
/// `others[i] = (x[0] ⋯ x[i-1]) · (x[i+1] ⋯ x[n-1])`.
/// - Complexity: O(n).
struct ProdOfOthers: Op {
    let axes: [Int]

    var name: String { "ProdOfOthers{axes=(" + axes.map(String.init).joined(separator: ",") + ")}" }

    func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        guard axes.allSatisfy({ $0 >= 0 && $0 < x.ndim }) else {
            throw TesseraError.invalidArgument("ProdOfOthers: axes \(axes) are out of range for '\(x)'")
        }
        return [x.type]
    }

    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let layout = ReductionLayout(shape: x.shape, reduced: axes)
        outputs[0].prepare(shape: x.shape, dtype: x.dtype)
        layout.forEachLane(x.storage, into: &outputs[0].storage) { src, dst in
            var prefix = 1.0
            for k in 0..<src.count { dst[k] = prefix; prefix *= src[k] }
            var suffix = 1.0
            for k in stride(from: src.count - 1, through: 0, by: -1) { dst[k] *= suffix; suffix *= src[k] }
        }
        outputs[0].roundToDType()
    }
}

/// Product of elements over `axis` (all when nil), as `numpy.prod`.
public func prod(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) -> Variable {
    prod(x, axes: axis.map { [$0] }, keepdims: keepdims)
}

/// Product of elements over several axes (all when nil).
public func prod(_ x: Variable, axes: [Int]?, keepdims: Bool = false) -> Variable {
    makeReduction("prod", x, axes: axes) { Prod(axes: $0, keepdims: keepdims) }
}

extension Variable {
    /// Product of elements over `axis` (all when nil).
    public func prod(axis: Int? = nil, keepdims: Bool = false) -> Variable { Tessera.prod(self, axis: axis, keepdims: keepdims) }
}
