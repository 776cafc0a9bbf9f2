/// The static rule shared by the scans: the input's shape along a valid axis, or the flattened
/// length when `axis` is nil (as NumPy).
private func scanOutputShape(_ name: String, _ x: Variable, axis: Int?) throws -> [Int?] {
    guard let axis else {
        return [x.staticShape.reduce(Optional(1)) { acc, d in acc.flatMap { a in d.map { a * $0 } } }]
    }
    guard axis >= 0 && axis < x.ndim else {
        throw TesseraError.invalidArgument("\(name): axis \(axis) is out of range for '\(x)' with \(x.ndim) dimensions")
    }
    return x.staticShape
}

/// Runs `body` over each lane of a scan: along `axis`, or over the flattened input.
private func scanLanes(_ x: NDArray, axis: Int?, into out: inout NDArray, dtype: DType,
                       _ body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
    let shape = axis == nil ? [x.count] : x.shape
    out.prepare(shape: shape, dtype: dtype)
    let layout = ReductionLayout(shape: shape, reduced: [axis ?? 0])
    layout.forEachLane(x.storage, into: &out.storage, body)
    out.roundToDType()
}

/// Builds a scan from a user axis (nil: flattened), or an invalid variable naming `function`.
private func makeScan<S: Op>(_ function: String, _ x: Variable, axis: Int?, _ make: (Int?) -> S) -> Variable {
    guard let axis else { return applyOp1(make(nil), x) }
    guard let a = Shape.normalize(axis: axis, ndim: x.ndim) else {
        return .invalid(.invalidArgument("\(function): axis \(axis) is out of range for '\(x)' with \(x.ndim) dimensions"))
    }
    return applyOp1(make(a), x)
}

/// Cumulative sum along an axis, or over the flattened input when `axis` is nil, as `numpy.cumsum`;
/// `reverse` sums from the end (the gradient of a forward cumsum).
///
/// Dtype: bool gives int64, other dtypes keep theirs.
public struct CumSum: Op {
    /// The normalised axis; `nil` for the flattened input.
    public let axis: Int?
    /// Whether the sums run from the last element to the first.
    public let reverse: Bool

    public init(axis: Int?, reverse: Bool = false) {
        self.axis = axis
        self.reverse = reverse
    }

    public var name: String { "CumSum{axis=\(axis.map(String.init) ?? "None")\(reverse ? ",reverse" : "")}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        return [TensorType(dtype: x.dtype == .bool ? .int64 : x.dtype, shape: try scanOutputShape("CumSum", x, axis: axis))]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let reverse = reverse
        scanLanes(x, axis: axis, into: &outputs[0], dtype: x.dtype == .bool ? .int64 : x.dtype) { src, dst in
            var s = 0.0
            if reverse {
                for k in stride(from: src.count - 1, through: 0, by: -1) { s += src[k]; dst[k] = s }
            } else {
                for k in 0..<src.count { s += src[k]; dst[k] = s }
            }
        }
    }

    /// `gx = cumsum(gz)` in the other direction (reshaped back when the input was flattened).
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let g = applyOp1(CumSum(axis: axis ?? 0, reverse: !reverse), outputGradients[0])
        return [axis == nil ? reshapeLike(g, x) : g]
    }
}

/// Cumulative product along an axis, or over the flattened input when `axis` is nil, as
/// `numpy.cumprod`; `reverse` multiplies from the end.
///
/// Dtype: bool gives int64, other dtypes keep theirs.
public struct CumProd: Op {
    /// The normalised axis; `nil` for the flattened input.
    public let axis: Int?
    /// Whether the products run from the last element to the first.
    public let reverse: Bool

    public init(axis: Int?, reverse: Bool = false) {
        self.axis = axis
        self.reverse = reverse
    }

    public var name: String { "CumProd{axis=\(axis.map(String.init) ?? "None")\(reverse ? ",reverse" : "")}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        return [TensorType(dtype: x.dtype == .bool ? .int64 : x.dtype, shape: try scanOutputShape("CumProd", x, axis: axis))]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let reverse = reverse
        scanLanes(x, axis: axis, into: &outputs[0], dtype: x.dtype == .bool ? .int64 : x.dtype) { src, dst in
            var p = 1.0
            if reverse {
                for k in stride(from: src.count - 1, through: 0, by: -1) { p *= src[k]; dst[k] = p }
            } else {
                for k in 0..<src.count { p *= src[k]; dst[k] = p }
            }
        }
    }

    /// `gx = cumsum(gz · out)` in the other direction, divided by `x` (PyTensor's `CumOp`
    /// gradient): exact where `x` has no zeros.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let weighted = outputGradients[0] * node.output(0)
        let g = applyOp1(CumSum(axis: axis ?? 0, reverse: !reverse), weighted)
        return [axis == nil ? reshapeLike(g / flatten(x), x) : g / x]
    }
}

/// Cumulative sum along `axis`, or of the flattened tensor when nil, as `numpy.cumsum`.
///
/// ```swift
/// cumsum(v)              // [1, 3, 6] for v = [1, 2, 3]
/// cumsum(m, axis: -1)    // running sums along each row
/// ```
public func cumsum(_ x: Variable, axis: Int? = nil) -> Variable {
    makeScan("cumsum", x, axis: axis) { CumSum(axis: $0) }
}

/// Cumulative product along `axis`, or of the flattened tensor when nil, as `numpy.cumprod`.
public func cumprod(_ x: Variable, axis: Int? = nil) -> Variable {
    makeScan("cumprod", x, axis: axis) { CumProd(axis: $0) }
}

extension Variable {
    /// Cumulative sum along `axis` (of the flattened tensor when nil).
    public func cumsum(axis: Int? = nil) -> Variable { Tessera.cumsum(self, axis: axis) }
    /// Cumulative product along `axis` (of the flattened tensor when nil).
    public func cumprod(axis: Int? = nil) -> Variable { Tessera.cumprod(self, axis: axis) }
}

// MARK: - C code

/// C code of a scan: for each lane along the axis (of the flattened input when `axis` is nil),
/// a running `acc = acc <op> x` from the first element or, with `reverse`, from the last.
private func scanCCode(_ k: CKernel, axis: Int?, reverse: Bool, initial: String, op: String) -> String {
    let x = k.inputs[0], out = k.outputs[0], p = k.prefix
    let shape = axis == nil ? [x.count] : x.shape
    let a = axis ?? 0
    let strides = Shape.strides(shape)
    let n = shape[a]
    var code = ""
    for d in shape.indices where d != a { code += "for (long \(p)i\(d) = 0; \(p)i\(d) < \(shape[d])L; \(p)i\(d)++) " }
    let base = shape.indices.filter { $0 != a && shape[$0] != 1 }.map { "\(p)i\($0)*\(strides[$0])L" }
    let j = reverse ? "(\(n - 1)L - \(p)j)" : "\(p)j"
    code += "{ const long \(p)base = \(base.isEmpty ? "0" : base.joined(separator: " + ")); double \(p)acc = \(initial); "
    code += "for (long \(p)j = 0; \(p)j < \(n)L; \(p)j++) { const long \(p)at = \(p)base + \(j) * \(strides[a])L; "
    code += "\(p)acc = \(p)acc \(op) \(x.name)[\(p)at]; \(out.name)[\(p)at] = \(CDType.round("\(p)acc", out.dtype)); } }"
    return code
}

extension CumSum {
    public func cCode(_ k: CKernel) -> String? { scanCCode(k, axis: axis, reverse: reverse, initial: "0.0", op: "+") }
}

extension CumProd {
    public func cCode(_ k: CKernel) -> String? { scanCCode(k, axis: axis, reverse: reverse, initial: "1.0", op: "*") }
}
