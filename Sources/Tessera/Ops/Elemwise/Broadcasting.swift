/// `second(x, y)`: `y` broadcast to the broadcast shape of `x` and `y` (PyTensor's `second`/`fill`).
public struct Second: BinaryScalarOp {
    public init() {}
    public var name: String { "Second" }
    public func cExpression(_ x: [String]) -> String? { x[1] }
    public var dtypeRule: DTypeRule { .promote }
    @inline(__always) public func evaluate(_ x: Double, _ y: Double) -> Double { y }
    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] { [nil, gz] }
}

/// `g` broadcast to the shape of `x` (a gradient flowing back through a reduction).
func broadcastLike(_ g: Variable, _ x: Variable) -> Variable { elemwise(Second(), x, g) }

/// Sums `g` down to the run-time shape of `x`, over the axes where `x` was broadcast.
///
/// The gradient of an elementwise op has the broadcast shape; each operand's gradient
/// is this reduction of it. A no-op (a copy) when the shapes already agree.
public struct ReduceTo: Op {
    public init() {}
    public var name: String { "ReduceTo" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        [TensorType(dtype: inputs[0].dtype, shape: inputs[1].staticShape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let g = inputs[0], x = inputs[1]
        if g.shape == x.shape {
            outputs[0] = g
            return
        }
        let pad = g.ndim - x.ndim
        guard pad >= 0 else {
            throw TesseraError.shapeMismatch("ReduceTo: cannot reduce shape \(g.shape) to the larger shape \(x.shape)")
        }
        let kept = (0..<g.ndim).map { i in i < pad ? 1 : x.shape[i - pad] }
        outputs[0].prepare(shape: x.shape, dtype: outputs[0].dtype)
        reduceSum(g, keptShape: kept, into: &outputs[0].storage)
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        [broadcastLike(outputGradients[0], node.inputs[0]), nil]
    }
}

extension ReduceTo {
    public func cCode(_ k: CKernel) -> String? {
        let g = k.inputs[0], out = k.outputs[0]
        if g.shape == out.shape { return "memcpy(\(out.name), \(g.name), \(g.count)L * sizeof(double));" }
        let pad = g.shape.count - out.shape.count
        let kept = (0..<g.shape.count).map { i in i < pad ? 1 : out.shape[i - pad] }
        return CLoops.sum(input: g, out: out, keptShape: kept, prefix: k.prefix)
    }
}

/// Whether `x` provably has the same run-time shape as the elementwise output `out`.
func sameShapeStatically(_ x: Variable, _ out: Variable) -> Bool {
    guard x.ndim == out.ndim else { return false }
    return zip(x.staticShape, out.staticShape).allSatisfy { a, b in a != nil && a == b }
}

/// Sums an operand's gradient back over the dimensions along which the operand was broadcast.
func reduceGradient(_ g: Variable, to x: Variable, output: Variable) -> Variable {
    if sameShapeStatically(x, output) { return g }
    return applyOp1(ReduceTo(), g, x)
}

extension Elemwise {
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        let z = node.output(0)
        let grads = scalarOp.pullback(node.inputs, z, outputGradients[0])
        return zip(grads, node.inputs).map { g, x in
            guard let g, x.dtype.isFloat else { return nil }
            return reduceGradient(g, to: x, output: z)
        }
    }
}
