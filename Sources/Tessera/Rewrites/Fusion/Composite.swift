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
        var prepared: [[Double]] = []
        prepared.reserveCapacity(inputs.count)
        for x in inputs {
            if x.count == 1 || x.shape == shape {
                prepared.append(x.storage)
            } else {
                prepared.append(BroadcastPlan(output: shape, inputs: [x.shape]).gather(x.storage, input: 0))
            }
        }
        let b = Swift.min(Self.blockSize, Swift.max(n, 1))
        let stepCount = steps.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: b * stepCount + 3 * stepCount) { scratch in
            let temps = scratch.baseAddress!
            let literals = temps + b * stepCount
            withUnsafeTemporaryAllocation(of: BlockOperands.self, capacity: stepCount) { templates in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stepCount) { advance in
                    withPointers(prepared) { ptrs in
                        // One operand template per step; `advance` bit k: operand k moves with the block.
                        for (j, step) in steps.enumerated() {
                            var p: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>)
                            var st = (0, 0, 0)
                            var adv: UInt8 = 0
                            var list: [UnsafePointer<Double>] = []
                            for (k, operand) in step.operands.enumerated() {
                                switch operand {
                                case .input(let i):
                                    let full = prepared[i].count == n && n != 1
                                    list.append(ptrs[i])
                                    if full { adv |= 1 << k; if k == 0 { st.0 = 1 } else if k == 1 { st.1 = 1 } else { st.2 = 1 } }
                                case .step(let t):
                                    list.append(UnsafePointer(temps + t * b))
                                    if k == 0 { st.0 = 1 } else if k == 1 { st.1 = 1 } else { st.2 = 1 }
                                case .literal(let v):
                                    literals[j * 3 + k] = v
                                    list.append(UnsafePointer(literals + j * 3 + k))
                                }
                            }
                            while list.count < 3 { list.append(list[0]) }
                            p = (list[0], list[1], list[2])
                            templates[j] = BlockOperands(p0: p.0, p1: p.1, p2: p.2, s0: st.0, s1: st.1, s2: st.2)
                            advance[j] = adv
                        }
                        out.storage.withUnsafeMutableBufferPointer { o in
                            var start = 0
                            while start < n {
                                let count = Swift.min(b, n - start)
                                for j in 0..<stepCount {
                                    var ops = templates[j]
                                    let adv = advance[j]
                                    if adv & 1 != 0 { ops.p0 += start }
                                    if adv & 2 != 0 { ops.p1 += start }
                                    if adv & 4 != 0 { ops.p2 += start }
                                    let step = steps[j]
                                    let dst = j == stepCount - 1 ? o.baseAddress! + start : temps + j * b
                                    step.scalarOp.computeBlock(ops, dst, count)
                                    if step.dtype != .float64 {
                                        for i in 0..<count { dst[i] = step.dtype.round(dst[i]) }
                                    }
                                }
                                start += count
                            }
                        }
                    }
                }
            }
        }
    }

    /// Block form, for completeness (fusion never nests composites): gathers the operands and runs `compute`.
    public func computeBlock(_ a: BlockOperands, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        let ptrs = [(a.p0, a.s0), (a.p1, a.s1), (a.p2, a.s2)].prefix(inputCount)
        let inputs = ptrs.map { p, s in
            NDArray(uncheckedShape: [count], dtype: .float64, storage: (0..<count).map { p[$0 * s] })
        }
        var result = NDArray(uncheckedShape: [count], dtype: outputDType, storage: [Double](repeating: 0, count: count))
        compute(Array(inputs), into: &result)
        for i in 0..<count { out[i] = result.storage[i] }
    }

    public func pullback(_ x: [Variable], _ z: Variable, _ gz: Variable) -> [Variable?] {
        x.map { _ in Variable.invalid(.unsupported("grad: take gradients before fusion (\(name))")) }
    }
}

extension Composite {
    /// The whole chain as one C loop, each step a local variable.
    func cLoop(_ k: CKernel) -> String? {
        let out = k.outputs[0]
        var failed = false
        let code = CLoops.elementwise(out: out, inputs: k.inputs, prefix: k.prefix) { elems, o in
            var body = ""
            for (j, step) in steps.enumerated() {
                let args = step.operands.map { operand -> String in
                    switch operand {
                    case .input(let i): return elems[i]
                    case .step(let t): return "\(k.prefix)t\(t)"
                    case .literal(let v): return CEmitter.literal(v)
                    }
                }
                guard let e = k.scalarExpression(step.scalarOp, args) else { failed = true; return "" }
                body += "double \(k.prefix)t\(j) = \(CDType.round(e, step.dtype)); "
            }
            return body + "\(out.name)[\(o)] = \(k.prefix)t\(steps.count - 1);"
        }
        return failed ? nil : code
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
