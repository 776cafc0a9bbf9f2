/// Indexing: `x[pattern]` with NumPy's basic and advanced rules (PyTensor's `Subtensor` and
/// `AdvancedSubtensor` in one op). Inputs: `x`, then one int64 or bool tensor per `.tensor` entry.
///
/// The result is a copy. Static shape: slice lengths where the axis size is known, 1 for new axes, the
/// broadcast shape of the index tensors for advanced indices (a mask's count is known only for constants).
/// Its gradient scatters the output gradient back with ``IncSubtensor`` (accumulating repeated positions).
/// A mask that is a constant is turned into constant positions when the graph is built, so only masks
/// computed at run time make the result's shape value-dependent (and keep a function on the VM).
public struct Subtensor: Op {
    public let pattern: IndexPattern

    public init(_ pattern: IndexPattern) { self.pattern = pattern }

    public var name: String { (pattern.isAdvanced ? "AdvancedSubtensor{" : "Subtensor{") + pattern.description + "}" }

    /// With a (non-constant) boolean mask, the result's length depends on the mask's values.
    public var hasValueDependentShape: Bool { pattern.hasMask }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        let shape = try pattern.staticShape(x, Array(inputs.dropFirst()), op: "index")
        return [TensorType(dtype: x.dtype, shape: shape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let plan = try pattern.plan(x.shape, Array(inputs.dropFirst()), op: "index")
        outputs[0].prepare(shape: plan.shape, dtype: x.dtype)
        let last = plan.lastTable
        x.storage.withUnsafeBufferPointer { src in
            last.withUnsafeBufferPointer { table in
                outputs[0].storage.withUnsafeMutableBufferPointer { dst in
                    plan.forEachRow { o, b in
                        for j in 0..<table.count { dst[o + j] = src[b + table[j]] }
                    }
                }
            }
        }
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let x = node.inputs[0]
        let indices = Array(node.inputs.dropFirst())
        let gx: Variable? = x.dtype.isFloat
            ? applyOp1(IncSubtensor(pattern, isSet: false), [gradientZeros(like: x), outputGradients[0]] + indices)
            : nil
        return [gx] + indices.map { _ in nil }
    }
}

/// `x` indexed by user indices (the subscripts' implementation); an invalid variable on bad indices.
/// Indexes `x` with a list of indices (the array form of `x[i, j, …]`).
public func subtensor(_ x: Variable, _ indices: [TensorIndex]) -> Variable {
    if let e = x.buildError { return .invalid(e) }
    do {
        let (pattern, tensors) = try IndexPattern.make(indices, for: x)
        return applyOp1(Subtensor(pattern), [x] + tensors)
    } catch let e as TesseraError {
        return .invalid(e)
    } catch {
        return .invalid(.invalidArgument("index: \(error)"))
    }
}

extension Subtensor {
    public func cCode(_ k: CKernel) -> String? {
        let x = k.inputs[0], out = k.outputs[0]
        let indices = Array(k.inputs.dropFirst())
        guard !pattern.hasMask,
              let layout = try? pattern.layout(x.shape, tensorShapes: indices.map(\.shape), op: "index")
        else { return nil }
        let outIndex = CLoops.index(k.prefix, out.strides)
        return layout.cLoops(indexBuffers: indices, prefix: k.prefix) { o in "\(out.name)[\(outIndex)] = \(x.name)[\(o)];" }
    }
}
