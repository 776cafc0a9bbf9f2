/// A tensor of a given shape and dtype filled with a value (broadcast to the shape), PyTensor's
/// `Alloc`: behind `zeros`, `ones`, `full` and `zerosLike`.
///
/// Inputs: the value (0-d, or any shape that broadcasts to the target) and an int64 shape vector.
/// The gradient of the value is the output gradient summed back to the value's shape.
public struct Alloc: Op {
    /// The dtype of the result.
    public let dtype: DType
    /// The number of dimensions of the result.
    public let ndim: Int

    public init(dtype: DType, ndim: Int) {
        self.dtype = dtype
        self.ndim = ndim
    }

    public var name: String { "Alloc{\(dtype)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let value = inputs[0], s = inputs[1]
        try checkShapeVector(s, function: "Alloc")
        let target = staticShapeValues(s) ?? [Int?](repeating: nil, count: ndim)
        guard target.count == ndim else {
            throw TesseraError.invalidArgument("Alloc: the shape vector has \(target.count) entries, but the result should have \(ndim) dimensions")
        }
        return [TensorType(dtype: dtype, shape: try broadcastToStatic("full", value, target: target))]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let value = inputs[0]
        let target = shapeValues(inputs[1])
        try checkBroadcast("full", value.shape, to: target)
        fillBroadcast(value, to: target, dtype: dtype, into: &outputs[0])
    }

    /// The value's gradient is `gz` summed back to its shape; the shape is discrete.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let value = node.inputs[0]
        guard value.dtype.isFloat, dtype.isFloat else { return [nil, nil] }
        return [applyOp1(ReduceTo(), outputGradients[0], value), nil]
    }
}

/// Builds an `Alloc` of `value` to a shape vector of statically known length.
private func alloc(_ function: String, _ value: Variable, shape: Variable, dtype: DType) -> Variable {
    guard shape.ndim == 1, let n = shape.staticShape[0] else {
        return .invalid(.invalidArgument(
            "\(function): the shape must be an int64 vector of statically known length, but '\(shape)' is \(shape.type)"))
    }
    return applyOp(Alloc(dtype: dtype, ndim: n), [value, shape])[0]
}

/// Checks a literal shape and turns it into a constant vector.
private func literalShape(_ function: String, _ shape: [Int]) -> Result<Variable, TesseraError> {
    if let bad = shape.first(where: { $0 < 0 }) {
        return .failure(.invalidArgument("\(function): the shape \(shape) has the negative size \(bad)"))
    }
    return .success(shapeConstant(shape))
}

/// A tensor of `shape` filled with `value` (a number or a tensor that broadcasts to `shape`),
/// as `numpy.full`; the dtype is the value's unless given.
///
/// ```swift
/// full(shape: [2, 3], value: 1.5)   // float64
/// full(shape: [2], value: 7)        // int64
/// ```
public func full(shape: [Int], value: Variable, dtype: DType? = nil) -> Variable {
    switch literalShape("full", shape) {
    case .success(let s): alloc("full", value, shape: s, dtype: dtype ?? value.dtype)
    case .failure(let e): .invalid(e)
    }
}

/// A tensor filled with `value`, its shape given by a symbolic int64 vector (e.g. `shape(y)`).
public func full(shape: Variable, value: Variable, dtype: DType? = nil) -> Variable {
    alloc("full", value, shape: shape, dtype: dtype ?? value.dtype)
}

/// A tensor of zeros, as `numpy.zeros`.
public func zeros(shape: [Int], dtype: DType = .float64) -> Variable { full(shape: shape, value: 0.0, dtype: dtype) }
/// A tensor of zeros, as `numpy.zeros` (`zeros([2, 3])`).
public func zeros(_ shape: [Int], dtype: DType = .float64) -> Variable { zeros(shape: shape, dtype: dtype) }
/// A tensor of zeros whose shape is a symbolic int64 vector.
public func zeros(shape: Variable, dtype: DType = .float64) -> Variable { full(shape: shape, value: 0.0, dtype: dtype) }

/// A tensor of ones, as `numpy.ones`.
public func ones(shape: [Int], dtype: DType = .float64) -> Variable { full(shape: shape, value: 1.0, dtype: dtype) }
/// A tensor of ones, as `numpy.ones` (`ones([2, 3])`).
public func ones(_ shape: [Int], dtype: DType = .float64) -> Variable { ones(shape: shape, dtype: dtype) }
/// A tensor of ones whose shape is a symbolic int64 vector.
public func ones(shape: Variable, dtype: DType = .float64) -> Variable { full(shape: shape, value: 1.0, dtype: dtype) }

/// Zeros with the run-time shape of `x` and its dtype (or `dtype`), as `numpy.zeros_like`.
public func zerosLike(_ x: Variable, dtype: DType? = nil) -> Variable {
    full(shape: shape(x), value: 0.0, dtype: dtype ?? x.dtype)
}

/// Ones with the run-time shape of `x` and its dtype (or `dtype`), as `numpy.ones_like`.
public func onesLike(_ x: Variable, dtype: DType? = nil) -> Variable {
    full(shape: shape(x), value: 1.0, dtype: dtype ?? x.dtype)
}

/// `value` with the run-time shape of `x`, in `x`'s dtype unless given, as `numpy.full_like`.
public func fullLike(_ x: Variable, value: Variable, dtype: DType? = nil) -> Variable {
    full(shape: shape(x), value: value, dtype: dtype ?? x.dtype)
}

extension Alloc {
    /// The value broadcast over the output (shapes are concrete here; a value that does not
    /// broadcast returns to the VM, which reports it).
    public func cCode(_ k: CKernel) -> String? {
        let value = k.inputs[0], out = k.outputs[0]
        guard Shape.broadcast([value.shape, out.shape]) == out.shape else { return "return 1;" }
        return CLoops.elementwise(out: out, inputs: [value], prefix: k.prefix) { e, o in
            "\(out.name)[\(o)] = \(CDType.round(e[0], dtype));"
        }
    }
}
