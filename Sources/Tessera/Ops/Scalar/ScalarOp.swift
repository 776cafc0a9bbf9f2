/// How a scalar op's output dtype follows from its inputs'.
public enum DTypeRule: Hashable, Sendable {
    /// NumPy promotion of the inputs (`+`, `maximum`, `abs`).
    case promote
    /// Promotion, then at least float (`log`, `/`, `sigmoid`): int and bool give float64.
    case float
    /// Always bool (comparisons, `isnan`, logical ops).
    case bool
    /// Always int64.
    case int64
    /// A fixed dtype (`cast`).
    case fixed(DType)

    /// The output dtype for these input dtypes.
    public func apply(_ inputs: [DType]) -> DType {
        switch self {
        case .promote: DType.promote(inputs)
        case .float: DType.promote(inputs).promotedToFloat
        case .bool: .bool
        case .int64: .int64
        case .fixed(let d): d
        }
    }
}

/// A function of one or more `Double`s, lifted to tensors by ``Elemwise``.
///
/// Write a scalar op once — conform to ``UnaryScalarOp``, ``BinaryScalarOp`` or
/// ``TernaryScalarOp`` — and it works elementwise with NumPy broadcasting.
public protocol ScalarOp: Hashable, Sendable {
    /// The printed name (`Log`, `Add`).
    var name: String { get }
    /// The number of operands.
    var arity: Int { get }
    /// How the output dtype follows from the inputs'.
    var dtypeRule: DTypeRule { get }
    /// Fills `out` (already shaped to the broadcast shape) from the operands.
    func compute(_ inputs: [NDArray], into out: inout NDArray)

    /// Computes `count` elements into `out` from operands given as pointers with stride 1 or 0
    /// (the kernel of fused composites; provided by the arity protocols).
    func computeBlock(_ operands: BlockOperands, _ out: UnsafeMutablePointer<Double>, _ count: Int)

    /// The C expression computing one element from the operands' C expressions (`"log(\(x[0]))"`);
    /// `nil` (the default) when the op has no C form — its node then runs through the VM.
    /// Helpers of the C prelude (`tess_…`, see `CPrelude`) may be used.
    func cExpression(_ x: [String]) -> String?

    /// The gradient with respect to each operand, elementwise, as tensor expressions of the
    /// operands `x`, the output `z` and the output gradient `gz` (e.g. `Log`: `[gz / x[0]]`).
    /// ``Elemwise`` sums each result back over broadcast dimensions. `nil`: no gradient
    /// (the operand is discrete, or the op is piecewise constant).
    func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?]
}

extension ScalarOp {
    public func cExpression(_ x: [String]) -> String? { nil }

    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        x.map { _ in Variable.invalid(.unsupported("grad: \(name) has no gradient")) }
    }
}

/// A scalar op of one operand.
public protocol UnaryScalarOp: ScalarOp {
    /// The value at one element.
    func evaluate(_ x: Double) -> Double
}

/// A scalar op of two operands.
public protocol BinaryScalarOp: ScalarOp {
    /// The value at one element.
    func evaluate(_ x: Double, _ y: Double) -> Double
}

/// A scalar op of three operands.
public protocol TernaryScalarOp: ScalarOp {
    /// The value at one element.
    func evaluate(_ x: Double, _ y: Double, _ z: Double) -> Double
}

extension UnaryScalarOp {
    public var arity: Int { 1 }
    public var dtypeRule: DTypeRule { .float }

    public func compute(_ inputs: [NDArray], into out: inout NDArray) {
        let x = inputs[0]
        out.storage.withUnsafeMutableBufferPointer { o in
            x.storage.withUnsafeBufferPointer { px in
                if px.count == o.count {
                    for i in 0..<o.count { o[i] = evaluate(px[i]) }
                } else {  // a size-1 operand broadcast to the output
                    let v = evaluate(px[0])
                    for i in 0..<o.count { o[i] = v }
                }
            }
        }
    }
}

extension BinaryScalarOp {
    public var arity: Int { 2 }
    public var dtypeRule: DTypeRule { .promote }

    public func compute(_ inputs: [NDArray], into out: inout NDArray) {
        let a = inputs[0], b = inputs[1]
        let shape = out.shape
        out.storage.withUnsafeMutableBufferPointer { o in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    let n = o.count
                    if pa.count == n && pb.count == n && a.shape == b.shape {
                        for i in 0..<n { o[i] = evaluate(pa[i], pb[i]) }
                    } else if pb.count == 1 && pa.count == n && a.shape == shape {
                        let y = pb[0]
                        for i in 0..<n { o[i] = evaluate(pa[i], y) }
                    } else if pa.count == 1 && pb.count == n && b.shape == shape {
                        let x = pa[0]
                        for i in 0..<n { o[i] = evaluate(x, pb[i]) }
                    } else {
                        let plan = BroadcastPlan(output: shape, inputs: [a.shape, b.shape])
                        let sa = plan.innerStrides[0], sb = plan.innerStrides[1]
                        plan.forEachRow { oOff, offs, count in
                            var ia = offs[0], ib = offs[1]
                            for k in 0..<count {
                                o[oOff + k] = evaluate(pa[ia], pb[ib])
                                ia += sa
                                ib += sb
                            }
                        }
                    }
                }
            }
        }
    }
}

extension TernaryScalarOp {
    public var arity: Int { 3 }
    public var dtypeRule: DTypeRule { .promote }

    public func compute(_ inputs: [NDArray], into out: inout NDArray) {
        let a = inputs[0], b = inputs[1], c = inputs[2]
        let shape = out.shape
        out.storage.withUnsafeMutableBufferPointer { o in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    c.storage.withUnsafeBufferPointer { pc in
                        let n = o.count
                        if a.shape == shape && b.shape == shape && c.shape == shape {
                            for i in 0..<n { o[i] = evaluate(pa[i], pb[i], pc[i]) }
                        } else {
                            let plan = BroadcastPlan(output: shape, inputs: [a.shape, b.shape, c.shape])
                            let sa = plan.innerStrides[0], sb = plan.innerStrides[1], sc = plan.innerStrides[2]
                            plan.forEachRow { oOff, offs, count in
                                var ia = offs[0], ib = offs[1], ic = offs[2]
                                for k in 0..<count {
                                    o[oOff + k] = evaluate(pa[ia], pb[ib], pc[ic])
                                    ia += sa
                                    ib += sb
                                    ic += sc
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Block kernels (used by fused composites)

/// Up to three operands of a block kernel: each a pointer with stride 1 (a run of elements)
/// or stride 0 (one value repeated).
public struct BlockOperands {
    public var p0: UnsafePointer<Double>
    public var p1: UnsafePointer<Double>
    public var p2: UnsafePointer<Double>
    public var s0: Int
    public var s1: Int
    public var s2: Int
}

extension UnaryScalarOp {
    /// Computes `count` elements into `out`.
    public func computeBlock(_ a: BlockOperands, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        if a.s0 == 1 {
            for i in 0..<count { out[i] = evaluate(a.p0[i]) }
        } else {
            let v = evaluate(a.p0[0])
            for i in 0..<count { out[i] = v }
        }
    }
}

extension BinaryScalarOp {
    /// Computes `count` elements into `out`.
    public func computeBlock(_ a: BlockOperands, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        switch (a.s0, a.s1) {
        case (1, 1): for i in 0..<count { out[i] = evaluate(a.p0[i], a.p1[i]) }
        case (1, 0): let y = a.p1[0]; for i in 0..<count { out[i] = evaluate(a.p0[i], y) }
        case (0, 1): let x = a.p0[0]; for i in 0..<count { out[i] = evaluate(x, a.p1[i]) }
        default: let v = evaluate(a.p0[0], a.p1[0]); for i in 0..<count { out[i] = v }
        }
    }
}

extension TernaryScalarOp {
    /// Computes `count` elements into `out`.
    public func computeBlock(_ a: BlockOperands, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0..<count { out[i] = evaluate(a.p0[i * a.s0], a.p1[i * a.s1], a.p2[i * a.s2]) }
    }
}

