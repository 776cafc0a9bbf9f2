/// A fused chain of elementwise scalar ops, run as one loop: the result of the fusion phase.
///
/// The program is a list of steps, each a scalar op applied to composite inputs, earlier
/// steps or literal numbers; the last step is the output. The VM runs it over blocks of
/// elements, so intermediates stay in cache; the C backend emits it as one loop.
public struct Composite: ScalarOp {
    /// An operand of a step.
    public enum Operand: Hashable, Sendable {
        case input(Int)
        case step(Int)
        case literal(Double)
    }

    /// One scalar op application, with the dtype its result is rounded to.
    public struct Step: Hashable, Sendable {
        public let scalarOp: any ScalarOp
        public let operands: [Operand]
        public let dtype: DType

        public static func == (a: Step, b: Step) -> Bool {
            AnyHashable(a.scalarOp) == AnyHashable(b.scalarOp) && a.operands == b.operands && a.dtype == b.dtype
        }
        public func hash(into h: inout Hasher) {
            h.combine(AnyHashable(scalarOp))
            h.combine(operands)
            h.combine(dtype)
        }
    }

    public let steps: [Step]
    public let inputCount: Int
    public let outputDType: DType

    public var name: String { "Composite{\(expression)}" }
    public var arity: Int { inputCount }
    public var dtypeRule: DTypeRule { .fixed(outputDType) }

    /// The program written as a formula of `i0, i1, …`.
    public var expression: String {
        var text: [String] = []
        for s in steps {
            let args = s.operands.map { o -> String in
                switch o {
                case .input(let k): return "i\(k)"
                case .step(let k): return text[k]
                case .literal(let v): return NDArray.format(v, .float64)
                }
            }
            text.append("\(s.scalarOp.name.lowercased())(\(args.joined(separator: ", ")))")
        }
        return text.last ?? ""
    }

    static let blockSize = 256

    public func compute(_ inputs: [NDArray], into out: inout NDArray) {
        let n = out.count
        let shape = out.shape
        // Inputs that are neither full-size nor scalar are gathered to the output shape first.
        let prepared: [[Double]] = inputs.map { x in
            if x.count == n && x.shape == shape || x.count == 1 { return x.storage }
            return BroadcastPlan(output: shape, inputs: [x.shape]).gather(x.storage, input: 0)
        }
        let b = Self.blockSize
        let temps = UnsafeMutablePointer<Double>.allocate(capacity: b * steps.count)
        defer { temps.deallocate() }
        let literals = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(1, steps.count * 3))
        defer { literals.deallocate() }
        withPointers(prepared) { ptrs in
            out.storage.withUnsafeMutableBufferPointer { o in
                var start = 0
                while start < n {
                    let count = Swift.min(b, n - start)
                    for (j, step) in steps.enumerated() {
                        var p: [UnsafePointer<Double>] = []
                        var s: [Int] = []
                        for (k, operand) in step.operands.enumerated() {
                            switch operand {
                            case .input(let i):
                                let full = prepared[i].count != 1 || n == 1
                                p.append(full ? ptrs[i] + start : ptrs[i])
                                s.append(full ? 1 : 0)
                            case .step(let t):
                                p.append(UnsafePointer(temps + t * b))
                                s.append(1)
                            case .literal(let v):
                                literals[j * 3 + k] = v
                                p.append(UnsafePointer(literals + j * 3 + k))
                                s.append(0)
                            }
                        }
                        while p.count < 3 { p.append(p[0]); s.append(0) }
                        let operands = BlockOperands(p0: p[0], p1: p[1], p2: p[2], s0: s[0], s1: s[1], s2: s[2])
                        let dst = temps + j * b
                        Tessera.computeBlock(step.scalarOp, operands, dst, count)
                        if step.dtype != .float64 {
                            for i in 0..<count { dst[i] = step.dtype.round(dst[i]) }
                        }
                    }
                    let last = temps + (steps.count - 1) * b
                    for i in 0..<count { o[start + i] = last[i] }
                    start += count
                }
            }
        }
    }

    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        x.map { _ in Variable.invalid(.unsupported("grad: take gradients before fusion (\(name))")) }
    }
}

/// Calls `body` with stable base pointers of several arrays.
private func withPointers<R>(_ arrays: [[Double]], _ body: ([UnsafePointer<Double>]) -> R) -> R {
    var ptrs: [UnsafePointer<Double>] = []
    func go(_ i: Int) -> R {
        if i == arrays.count { return body(ptrs) }
        return arrays[i].withUnsafeBufferPointer { p in
            ptrs.append(p.baseAddress ?? UnsafePointer(bitPattern: 8)!)
            return go(i + 1)
        }
    }
    return go(0)
}
