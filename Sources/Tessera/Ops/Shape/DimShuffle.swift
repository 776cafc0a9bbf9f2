/// Reorders, drops (size-1) and inserts axes: PyTensor's `DimShuffle`, behind
/// `transpose`, `expandDims`, `squeeze` and broadcasting in gradients.
///
/// `order` lists, for each output axis, the input axis it takes or `nil` for a new
/// axis of size 1. Input axes not listed are dropped and must have size 1.
public struct DimShuffle: Op {
    public let order: [Int?]

    public init(order: [Int?]) { self.order = order }

    public var name: String {
        "DimShuffle{order=(" + order.map { $0.map(String.init) ?? "x" }.joined(separator: ",") + ")}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        let used = order.compactMap { $0 }
        guard used.allSatisfy({ $0 >= 0 && $0 < x.ndim }), Set(used).count == used.count else {
            throw TesseraError.invalidArgument(
                "DimShuffle: order \(order.map { $0.map(String.init) ?? "x" }) is not a valid rearrangement of the \(x.ndim) axes of '\(x)'")
        }
        for a in 0..<x.ndim where !used.contains(a) {
            if let d = x.staticShape[a], d != 1 {
                throw TesseraError.shapeMismatch(
                    "DimShuffle: cannot drop axis \(a) of '\(x)', which has size \(d); only axes of size 1 can be dropped")
            }
        }
        return [TensorType(dtype: x.dtype, shape: order.map { $0.map { x.staticShape[$0] } ?? 1 })]
    }

    /// The output shape for a concrete input shape.
    func outputShape(_ shape: [Int]) throws -> [Int] {
        for a in 0..<shape.count where !order.contains(a) && shape[a] != 1 {
            throw TesseraError.shapeMismatch("DimShuffle: cannot drop axis \(a) of size \(shape[a]) (input shape \(shape))")
        }
        return order.map { $0.map { shape[$0] } ?? 1 }
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let shape = try outputShape(x.shape)
        let kept = order.compactMap { $0 }
        // Pure reshape when kept axes stay in order.
        if kept == kept.sorted() {
            outputs[0] = NDArray(uncheckedShape: shape, dtype: x.dtype, storage: x.storage)
            return
        }
        let inStrides = x.strides
        let srcStrides = order.map { $0.map { inStrides[$0] } ?? 0 }
        outputs[0].prepare(shape: shape, dtype: x.dtype)
        let nd = shape.count
        x.storage.withUnsafeBufferPointer { src in
            outputs[0].storage.withUnsafeMutableBufferPointer { dst in
                var counter = [Int](repeating: 0, count: nd)
                var srcOffset = 0
                for i in 0..<dst.count {
                    dst[i] = src[srcOffset]
                    var a = nd - 1
                    while a >= 0 {
                        counter[a] += 1
                        srcOffset += srcStrides[a]
                        if counter[a] < shape[a] { break }
                        srcOffset -= srcStrides[a] * shape[a]
                        counter[a] = 0
                        a -= 1
                    }
                }
            }
        }
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        // Invert: for each input axis, where it went (dropped axes come back as new axes).
        var back: [Int?] = []
        // Remove inserted axes from the gradient first (they have size 1).
        let keptPositions = order.enumerated().compactMap { $0.element == nil ? nil : $0.offset }
        let squeezed = applyOp1(DimShuffle(order: keptPositions), outputGradients[0])
        let kept = order.compactMap { $0 }
        for a in 0..<x.ndim { back.append(kept.firstIndex(of: a)) }
        return [applyOp1(DimShuffle(order: back), squeezed)]
    }
}

extension DimShuffle {
    public func cCode(_ k: CKernel) -> String? {
        let x = k.inputs[0], out = k.outputs[0]
        let kept = order.compactMap { $0 }
        if kept == kept.sorted() { return "memcpy(\(out.name), \(x.name), \(x.count)L * sizeof(double));" }
        let xs = x.strides
        let src = order.map { $0.map { xs[$0] } ?? 0 }
        let p = k.prefix
        var code = ""
        for a in 0..<out.shape.count { code += "for (long \(p)i\(a) = 0; \(p)i\(a) < \(out.shape[a])L; \(p)i\(a)++) " }
        code += "\(out.name)[\(CLoops.index(p, out.strides))] = \(x.name)[\(CLoops.index(p, src))];"
        return code
    }
}

/// Permutes the axes; without `axes`, reverses them (the matrix transpose for 2-D).
public func transpose(_ x: Variable, axes: [Int]? = nil) -> Variable {
    let perm = axes ?? Array((0..<x.ndim).reversed())
    let normalized = perm.map { Shape.normalize(axis: $0, ndim: x.ndim) ?? x.ndim }
    return applyOp1(DimShuffle(order: normalized), x)
}

/// Inserts a new axis of size 1 at `axis` (negative counts from the end of the result).
public func expandDims(_ x: Variable, axis: Int) -> Variable {
    let nd = x.ndim + 1
    guard let a = Shape.normalize(axis: axis, ndim: nd) else {
        return .invalid(.invalidArgument("expandDims: axis \(axis) is out of range for a result of \(nd) dimensions"))
    }
    var order: [Int?] = Array(0..<x.ndim)
    order.insert(nil, at: a)
    return applyOp1(DimShuffle(order: order), x)
}

/// Removes axes of size 1: the given ones, or all statically known to be 1.
public func squeeze(_ x: Variable, axis: [Int]? = nil) -> Variable {
    let drop: [Int]
    if let axis {
        var d: [Int] = []
        for a in axis {
            guard let n = Shape.normalize(axis: a, ndim: x.ndim) else {
                return .invalid(.invalidArgument("squeeze: axis \(a) is out of range for '\(x)' with \(x.ndim) dimensions"))
            }
            d.append(n)
        }
        drop = d
    } else {
        drop = (0..<x.ndim).filter { x.staticShape[$0] == 1 }
    }
    return applyOp1(DimShuffle(order: (0..<x.ndim).filter { !drop.contains($0) }), x)
}

extension Variable {
    /// The transpose (axes reversed): `x.T`.
    public var T: Variable { transpose(self) }
}
