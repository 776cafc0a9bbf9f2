/// The same elements, row-major, in a new shape given by an int64 vector of length `ndim`
/// (PyTensor's `Reshape`); one entry may be `-1`, inferred from the size.
///
/// Static shape: entries known from a constant shape or from `shape(y)`; the `-1` entry when
/// the input's size is known. Sizes that cannot match are an error at graph-build time when
/// known, at run time otherwise.
public struct Reshape: Op {
    /// The number of dimensions of the result (the length of the shape vector).
    public let ndim: Int

    public init(ndim: Int) { self.ndim = ndim }

    public var name: String { "Reshape{\(ndim)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0], s = inputs[1]
        try checkShapeVector(s, function: "reshape")
        if let n = s.staticShape[0], n != ndim {
            throw TesseraError.invalidArgument("reshape: the shape vector has \(n) entries, but the result should have \(ndim) dimensions")
        }
        let target = staticShapeValues(s) ?? [Int?](repeating: nil, count: ndim)
        try Reshape.checkEntries(target.compactMap { $0 })
        let size = x.type.knownShape?.reduce(1, *)
        var out = target
        if let wild = target.firstIndex(of: -1) {
            out[wild] = nil
            let rest = target.enumerated().filter { $0.offset != wild }.map(\.element)
            if let size, rest.allSatisfy({ $0 != nil }) {
                let p = rest.reduce(1) { $0 * $1! }
                guard p != 0 ? size % p == 0 : false else {
                    throw TesseraError.shapeMismatch(Reshape.mismatch(size: size, target: target))
                }
                out[wild] = size / p
            }
        } else if let size, target.allSatisfy({ $0 != nil }), target.reduce(1, { $0 * $1! }) != size {
            throw TesseraError.shapeMismatch(Reshape.mismatch(size: size, target: target))
        }
        return [TensorType(dtype: x.dtype, shape: out)]
    }

    /// At most one `-1`, no other negative entry.
    static func checkEntries(_ entries: [Int]) throws {
        if entries.filter({ $0 == -1 }).count > 1 {
            throw TesseraError.invalidArgument("reshape: can only specify one unknown dimension (-1), but the shape \(entries) has several")
        }
        if let bad = entries.first(where: { $0 < -1 }) {
            throw TesseraError.invalidArgument("reshape: the shape \(entries) has the negative size \(bad); sizes are >= 0, or -1 for one inferred size")
        }
    }

    static func mismatch(size: Int, target: [Int?]) -> String {
        "reshape: cannot reshape an array of size \(size) into shape \(Shape.format(target)); the sizes must multiply to \(size)"
    }

    /// The concrete output shape for an input of `size` elements.
    static func resolve(_ target: [Int], size: Int) throws -> [Int] {
        try checkEntries(target)
        var out = target
        if let wild = target.firstIndex(of: -1) {
            let p = target.enumerated().filter { $0.offset != wild }.reduce(1) { $0 * $1.element }
            guard p != 0, size % p == 0 else { throw TesseraError.shapeMismatch(mismatch(size: size, target: target)) }
            out[wild] = size / p
        } else if target.reduce(1, *) != size {
            throw TesseraError.shapeMismatch(mismatch(size: size, target: target))
        }
        return out
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let shape = try Reshape.resolve(shapeValues(inputs[1]), size: x.count)
        outputs[0] = NDArray(uncheckedShape: shape, dtype: x.dtype, storage: x.storage)
    }

    /// `gx = reshape(gz, shape(x))`; the shape is discrete.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        [reshapeLike(outputGradients[0], node.inputs[0]), nil]
    }
}

/// `g` reshaped to the run-time shape of `x` (with `x`'s static shape).
func reshapeLike(_ g: Variable, _ x: Variable) -> Variable {
    applyOp(Reshape(ndim: x.ndim), [g, shape(x)])[0]
}

/// Collapses the trailing dimensions: the result has `ndim` dimensions, the first `ndim - 1`
/// of the input kept and the rest flattened into the last (PyTensor's `flatten(x, ndim)`).
public struct Flatten: Op {
    /// The number of dimensions of the result (at least 1).
    public let ndim: Int

    public init(ndim: Int = 1) { self.ndim = ndim }

    public var name: String { "Flatten{\(ndim)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        guard ndim >= 1, ndim == 1 || ndim <= x.ndim else {
            throw TesseraError.invalidArgument(
                "flatten: ndim must be between 1 and the \(x.ndim) dimensions of '\(x)', but is \(ndim)")
        }
        let lead = Array(x.staticShape.prefix(ndim - 1))
        let rest = x.staticShape.dropFirst(ndim - 1)
        let last = rest.reduce(Optional(1)) { acc, d in acc.flatMap { a in d.map { a * $0 } } }
        return [TensorType(dtype: x.dtype, shape: lead + [last])]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let lead = Array(x.shape.prefix(ndim - 1))
        let shape = lead + [x.shape.dropFirst(ndim - 1).reduce(1, *)]
        outputs[0] = NDArray(uncheckedShape: shape, dtype: x.dtype, storage: x.storage)
    }

    /// `gx = reshape(gz, shape(x))`.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        [reshapeLike(outputGradients[0], node.inputs[0])]
    }
}

/// The same elements in a new shape, as `numpy.reshape`; one size may be `-1` (inferred).
///
/// ```swift
/// reshape(v, [2, -1])   // a 6-vector as a 2×3 matrix
/// ```
/// Sizes that cannot match are an error (at graph-build time when the input's shape is known).
public func reshape(_ x: Variable, _ shape: [Int]) -> Variable {
    do { try Reshape.checkEntries(shape) } catch let e as TesseraError { return .invalid(e) } catch { return .invalid(.invalidArgument("\(error)")) }
    return applyOp(Reshape(ndim: shape.count), [x, shapeConstant(shape)])[0]
}

/// The same elements in a shape given by a symbolic int64 vector (e.g. `shape(y)`).
///
/// The vector's length must be known statically, or given as `ndim`.
public func reshape(_ x: Variable, _ shape: Variable, ndim: Int? = nil) -> Variable {
    guard let n = ndim ?? (shape.ndim == 1 ? shape.staticShape[0] : nil) else {
        return .invalid(.invalidArgument(
            "reshape: the length of the shape vector '\(shape)' is not known statically; pass ndim: to give it"))
    }
    return applyOp(Reshape(ndim: n), [x, shape])[0]
}

/// Flattens to 1-D (`ndim: 1`), or keeps the first `ndim - 1` dimensions and flattens the rest,
/// as PyTensor's `flatten`.
public func flatten(_ x: Variable, ndim: Int = 1) -> Variable { applyOp1(Flatten(ndim: ndim), x) }

extension Variable {
    /// The same elements in a new shape; one size may be `-1`.
    public func reshaped(to shape: [Int]) -> Variable { reshape(self, shape) }
    /// The same elements in a shape given by a symbolic int64 vector.
    public func reshaped(to shape: Variable) -> Variable { reshape(self, shape) }
    /// The elements as a vector (or with the first `ndim - 1` dimensions kept).
    public func flattened(ndim: Int = 1) -> Variable { flatten(self, ndim: ndim) }
}

extension Flatten {
    /// The same row-major elements: a copy.
    public func cCode(_ k: CKernel) -> String? {
        "memcpy(\(k.outputs[0].name), \(k.inputs[0].name), \(k.inputs[0].count)L * sizeof(double));"
    }
}

extension Reshape {
    /// A copy; the shape input is checked against the shape the code was built for (a different value
    /// returns an error code, and the call reruns on the VM), so value-dependent shapes stay correct.
    public func cCode(_ k: CKernel) -> String? {
        let x = k.inputs[0], s = k.inputs[1], out = k.outputs[0]
        var code = ""
        for (i, d) in out.shape.enumerated() {
            code += "if ((long)\(s.name)[\(i)] != \(d)L && (long)\(s.name)[\(i)] != -1L) return 1; "
        }
        return code + "memcpy(\(out.name), \(x.name), \(x.count)L * sizeof(double));"
    }
}
