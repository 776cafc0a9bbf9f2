/// NumPy's sort order: numbers ascending, nan last.
@inline(__always)
private func sortsBefore(_ a: Double, _ b: Double) -> Bool {
    a < b || (b.isNaN && !a.isNaN)
}

/// The static rule shared by `Sort` and `Argsort`: the input's shape, or the flattened length.
private func sortOutputShape(_ name: String, _ x: Variable, axis: Int?) throws -> [Int?] {
    guard let axis else {
        return [x.staticShape.reduce(Optional(1)) { acc, d in acc.flatMap { a in d.map { a * $0 } } }]
    }
    guard axis >= 0 && axis < x.ndim else {
        throw TesseraError.invalidArgument("\(name): axis \(axis) is out of range for '\(x)' with \(x.ndim) dimensions")
    }
    return x.staticShape
}

/// The stable ascending order of a lane, as indices (ties keep their order, nan last).
private func stableOrder(_ src: UnsafeBufferPointer<Double>) -> [Int] {
    Array(src.indices).sorted { i, j in
        let a = src[i], b = src[j]
        if sortsBefore(a, b) { return true }
        if sortsBefore(b, a) { return false }
        return i < j
    }
}

/// Sorted copy along an axis, or of the flattened input when `axis` is nil, as `numpy.sort`:
/// ascending, nan last; keeps the dtype.
public struct Sort: Op {
    /// The normalised axis; `nil` for the flattened input.
    public let axis: Int?

    public init(axis: Int?) { self.axis = axis }

    public var name: String { "Sort{axis=\(axis.map(String.init) ?? "None")}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        return [TensorType(dtype: x.dtype, shape: try sortOutputShape("Sort", x, axis: axis))]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let shape = axis == nil ? [x.count] : x.shape
        outputs[0].prepare(shape: shape, dtype: x.dtype)
        ReductionLayout(shape: shape, reduced: [axis ?? 0]).forEachLane(x.storage, into: &outputs[0].storage) { src, dst in
            for k in src.indices { dst[k] = src[k] }
            var d = dst
            d.sort(by: sortsBefore)
        }
    }

    /// The gradient follows the permutation back: `gx[argsort(x)[j]] = gz[j]` along the axis.
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        guard x.dtype.isFloat else { return [nil] }
        let order = applyOp1(Argsort(axis: axis), x)
        let g = applyOp(PermuteAlongAxis(axis: axis ?? 0, inverse: true), [outputGradients[0], order])[0]
        return [axis == nil ? reshapeLike(g, x) : g]
    }
}

/// The indices that sort along an axis, or the flattened input when `axis` is nil, as
/// `numpy.argsort(kind="stable")`: int64, ties in their original order, nan last.
/// Discrete: no gradient.
public struct Argsort: Op {
    /// The normalised axis; `nil` for the flattened input.
    public let axis: Int?

    public init(axis: Int?) { self.axis = axis }

    public var name: String { "Argsort{axis=\(axis.map(String.init) ?? "None")}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        return [TensorType(dtype: .int64, shape: try sortOutputShape("Argsort", x, axis: axis))]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let shape = axis == nil ? [x.count] : x.shape
        outputs[0].prepare(shape: shape, dtype: .int64)
        ReductionLayout(shape: shape, reduced: [axis ?? 0]).forEachLane(x.storage, into: &outputs[0].storage) { src, dst in
            for (k, i) in stableOrder(src).enumerated() { dst[k] = Double(i) }
        }
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil] }
}

/// Moves elements along `axis` by an index tensor of the same shape: `out[…, j, …] =
/// x[…, idx[…, j, …], …]` (`numpy.take_along_axis`), or with `inverse` the scatter
/// `out[…, idx[…, j, …], …] = x[…, j, …]` (`idx` must then be a permutation of each lane).
/// The gradient of `sort` is the inverse move by `argsort`.
struct PermuteAlongAxis: Op {
    let axis: Int
    let inverse: Bool

    var name: String { "PermuteAlongAxis{axis=\(axis)\(inverse ? ",inverse" : "")}" }

    func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0], idx = inputs[1]
        guard idx.dtype == .int64, idx.ndim == x.ndim, axis >= 0 && axis < x.ndim else {
            throw TesseraError.invalidArgument(
                "PermuteAlongAxis: needs int64 indices of the rank of '\(x)' and a valid axis; got \(idx.type) and axis \(axis)")
        }
        guard let shape = Shape.broadcastStatic([x.staticShape, idx.staticShape]) else {
            throw TesseraError.shapeMismatch(
                "PermuteAlongAxis: values \(Shape.format(x.staticShape)) and indices \(Shape.format(idx.staticShape)) differ in shape")
        }
        return [TensorType(dtype: x.dtype, shape: shape)]
    }

    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0], idx = inputs[1]
        guard x.shape == idx.shape else {
            throw TesseraError.shapeMismatch("PermuteAlongAxis: values of shape \(x.shape) and indices of shape \(idx.shape) differ")
        }
        let layout = ReductionLayout(shape: x.shape, reduced: [axis])
        let n = layout.groupSize
        outputs[0].prepare(shape: x.shape, dtype: x.dtype)
        var bad: Double?
        outputs[0].storage.withUnsafeMutableBufferPointer { o in
            x.storage.withUnsafeBufferPointer { px in
                idx.storage.withUnsafeBufferPointer { pi in
                    layout.forEachGroupBase { _, base in
                        for j in 0..<n {
                            let at = base + layout.offset(j)
                            let k = pi[at]
                            guard k >= 0 && k < Double(n) else { bad = k; return }
                            let other = base + layout.offset(Int(k))
                            if inverse { o[other] = px[at] } else { o[at] = px[other] }
                        }
                    }
                }
            }
        }
        if let bad {
            throw TesseraError.invalidArgument("PermuteAlongAxis: index \(bad) is out of range for axis \(axis) of size \(n)")
        }
    }

    /// The inverse move of the gradient; the indices are discrete.
    func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        [applyOp(PermuteAlongAxis(axis: axis, inverse: !inverse), [outputGradients[0], node.inputs[1]])[0], nil]
    }
}

/// Sorts along `axis` (default the last; nil sorts the flattened tensor), as `numpy.sort`:
/// ascending, nan last.
public func sort(_ x: Variable, axis: Int? = -1) -> Variable {
    guard let axis else { return applyOp1(Sort(axis: nil), x) }
    guard let a = Shape.normalize(axis: axis, ndim: x.ndim) else {
        return .invalid(.invalidArgument("sort: axis \(axis) is out of range for '\(x)' with \(x.ndim) dimensions"))
    }
    return applyOp1(Sort(axis: a), x)
}

/// The int64 indices that sort along `axis` (default the last; nil: the flattened tensor),
/// as `numpy.argsort(kind="stable")`.
public func argsort(_ x: Variable, axis: Int? = -1) -> Variable {
    guard let axis else { return applyOp1(Argsort(axis: nil), x) }
    guard let a = Shape.normalize(axis: axis, ndim: x.ndim) else {
        return .invalid(.invalidArgument("argsort: axis \(axis) is out of range for '\(x)' with \(x.ndim) dimensions"))
    }
    return applyOp1(Argsort(axis: a), x)
}

extension Variable {
    /// A sorted copy along `axis` (the last by default; nil: flattened).
    public func sorted(axis: Int? = -1) -> Variable { Tessera.sort(self, axis: axis) }
    /// The indices that sort along `axis` (the last by default; nil: flattened).
    public func argsort(axis: Int? = -1) -> Variable { Tessera.argsort(self, axis: axis) }
}
