/// The run-time shape of a tensor as an int64 vector of length `ndim` (PyTensor's `Shape`).
///
/// Works on tensors whose shape is unknown until run time; `reshape`, `broadcastTo` and
/// `zeros` read the static sizes back from it, so shapes built from `shape(x)` keep what is
/// known of `x`'s shape. No gradient flows through it.
public struct ShapeOf: Op {
    public init() {}

    public var name: String { "Shape" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        [TensorType(dtype: .int64, shape: [inputs[0].ndim])]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let shape = inputs[0].shape
        outputs[0].prepare(shape: [shape.count], dtype: .int64)
        for (i, d) in shape.enumerated() { outputs[0].storage[i] = Double(d) }
    }

    /// Only the shape is read: the input gets no gradient.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil] }
}

/// The shape of `x` as a symbolic int64 vector, known at run time even where the static
/// shape is not.
///
/// ```swift
/// let m = matrix("m")
/// try shape(m).eval([m: NDArray.zeros([2, 3])])   // [2, 3]
/// ```
public func shape(_ x: Variable) -> Variable { applyOp1(ShapeOf(), x) }

/// What is statically known of the values of an int64 shape vector: each entry's value or
/// `nil`; `nil` altogether when even its length is unknown.
///
/// Known from constants and from `shape(y)` (which gives `y`'s static shape).
func staticShapeValues(_ v: Variable) -> [Int?]? {
    if let c = v.constantValue, c.ndim == 1 { return c.storage.map { Int($0) } }
    if let owner = v.owner, owner.op is ShapeOf { return owner.inputs[0].staticShape }
    guard v.ndim == 1, let n = v.staticShape[0] else { return nil }
    return [Int?](repeating: nil, count: n)
}

/// Checks that `v` can serve as a shape argument of `function`: a 1-D integer vector.
func checkShapeVector(_ v: Variable, function: String) throws {
    guard v.ndim == 1, v.dtype == .int64 else {
        throw TesseraError.invalidArgument(
            "\(function): the shape must be a 1-dimensional int64 vector, but '\(v)' is \(v.type)")
    }
}

/// A shape list as a constant int64 vector.
func shapeConstant(_ shape: [Int]) -> Variable {
    constant(NDArray(uncheckedShape: [shape.count], dtype: .int64, storage: shape.map(Double.init)))
}

/// The integer values of a run-time shape vector.
func shapeValues(_ a: NDArray) -> [Int] { a.storage.map { Int($0) } }

extension ShapeOf {
    /// The input's shape is fixed when the native code is built: its values are constants.
    public func cCode(_ k: CKernel) -> String? {
        let out = k.outputs[0]
        return k.inputs[0].shape.enumerated().map { "\(out.name)[\($0.offset)] = \($0.element).0;" }.joined(separator: " ")
    }
}
