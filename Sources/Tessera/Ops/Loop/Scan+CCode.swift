/// A loop body laid out for the C backend: the body rewritten for concrete input shapes and turned
/// into a VM program whose every slot has a known shape, so each step's ops emit their C kernels.
final class ScanInnerProgram {
    let program: VMProgram
    let shapes: [[Int]]
    let dtypes: [DType]

    /// The most doubles of local buffers a loop body may keep on the C stack.
    static let maximumLocalElements = 4096

    /// `nil` when the body draws random numbers, reads a shared variable, or has a slot whose shape
    /// is not known from the input shapes (such a loop runs on the VM).
    init?(body: ScanBody, shapes inputShapes: [[Int]]) {
        guard !body.isRandom else { return nil }
        let inputs = body.inputs
        let concrete = zip(inputs, inputShapes).map { v, s in tensor(v.name, dtype: v.dtype, shape: s.map { $0 }) }
        let results = Replace.rebuild(body.results, Dictionary(uniqueKeysWithValues: zip(inputs, concrete)), strict: false)
        guard Graph.firstBuildError(results) == nil else { return nil }
        let rewritten = Rewrites.default.apply(to: results, stop: Set(concrete)).outputs
        guard Graph.firstBuildError(rewritten) == nil,
              let program = try? VMProgram(inputs: concrete, outputs: rewritten), program.sharedSlots.isEmpty
        else { return nil }
        var shapes: [[Int]] = []
        for t in program.slotTypes {
            guard let s = t.knownShape, !t.isRandomState else { return nil }
            shapes.append(s)
        }
        self.program = program
        self.shapes = shapes
        self.dtypes = program.slotTypes.map(\.dtype)
    }

    /// The C statements running the whole loop inside the enclosing kernel: the body's locals on the
    /// stack, sequence elements and outer inputs read in place, results copied into the stacks and
    /// fed back as the next step's states. `nil` when some op of the body has no C code.
    func loop(_ scan: Scan, _ k: CKernel) -> String? {
        let p = k.prefix
        let (s, q) = (scan.stateCount, scan.sequenceCount)
        let inputSlots = program.inputSlots, resultSlots = program.outputSlots
        var names: [Int: String] = [:]
        for j in 0..<q { names[inputSlots[s + j]] = "\(p)q\(j)" }
        for (kk, slot) in inputSlots.enumerated().dropFirst(s + q) where names[slot] == nil { names[slot] = k.inputs[kk].name }
        var declarations = ""
        var local = 0
        for slot in shapes.indices where names[slot] == nil {
            let n = Swift.max(1, shapes[slot].reduce(1, *))
            names[slot] = "\(p)b\(slot)"
            if let c = program.constantSlots[slot] {
                let values = c.storage.isEmpty ? "0.0" : c.storage.map(CEmitter.literal).joined(separator: ", ")
                declarations += "static const double \(p)b\(slot)[\(n)] = { \(values) };\n"
            } else {
                declarations += "double \(p)b\(slot)[\(n)];\n"
                local += n
            }
        }
        guard local <= Self.maximumLocalElements else { return nil }
        func buffer(_ slot: Int) -> CBuffer { CBuffer(name: names[slot]!, shape: shapes[slot], dtype: dtypes[slot]) }
        func copy(_ n: Int, to dst: String, from src: String) -> String {
            n == 1 ? "(\(dst))[0] = (\(src))[0];\n"
                : "for (long \(p)c = 0; \(p)c < \(n)L; \(p)c++) (\(dst))[\(p)c] = (\(src))[\(p)c];\n"
        }

        var body = ""
        for (i, step) in program.steps.enumerated() {
            let kernel = CKernel(inputs: step.inputSlots.map(buffer), outputs: step.outputSlots.map(buffer),
                                 prefix: "\(p)n\(i)_", callbacks: k.callbacks)
            guard let code = step.op.cCode(kernel) else { return nil }
            body += "/* \(step.op.name.replacingOccurrences(of: "*/", with: "* /")) */\n{ \(code) }\n"
        }
        var code = "{\n" + declarations
        for i in 0..<s { code += copy(k.inputs[i].count, to: names[inputSlots[i]]!, from: k.inputs[i].name) }
        code += "for (long \(p)k = 0; \(p)k < \(scan.steps)L; \(p)k++) {\n"
        code += "const long \(p)t = \(scan.reverse ? "\(scan.steps - 1)L - \(p)k" : "\(p)k");\n"
        for j in 0..<q {
            let x = k.inputs[s + j]
            code += "double *\(p)q\(j) = \(x.name) + \(p)t * \(x.count / scan.steps)L;\n"
        }
        code += body
        var stateTargets: [String] = []
        for i in 0..<s {
            let out = k.outputs[i], n = k.inputs[i].count
            let target = scan.finalOnly[i] ? out.name : "\(out.name) + \(p)t * \(n)L"
            stateTargets.append(target)
            code += copy(n, to: target, from: names[resultSlots[i]]!)
        }
        for j in 0..<(resultSlots.count - s) {
            let out = k.outputs[s + j], n = out.count / scan.steps
            code += copy(n, to: "\(out.name) + \(p)t * \(n)L", from: names[resultSlots[s + j]]!)
        }
        for i in 0..<s { code += copy(k.inputs[i].count, to: names[inputSlots[i]]!, from: stateTargets[i]) }
        return code + "}\n}"
    }
}

extension Scan {
    /// The loop in C when every op of the body has C code and its shapes follow from the inputs'
    /// (the body inlined, no call per step); otherwise `nil` and the loop runs on the VM. Shapes that
    /// do not fit make the native call fail, and the VM reports the error.
    public func cCode(_ k: CKernel) -> String? {
        let (s, q) = (stateCount, sequenceCount)
        var shapes = k.inputs.prefix(s).map(\.shape)
        for j in 0..<q {
            let x = k.inputs[s + j]
            guard x.shape.first == steps else { return "return 1;" }
            shapes.append(Array(x.shape.dropFirst()))
        }
        shapes += k.inputs.dropFirst(s + q).map(\.shape)
        for i in 0..<s where !body.states[i].type.accepts(shape: shapes[i]) { return "return 1;" }
        guard let inner = body.innerProgram(shapes: shapes) else { return nil }
        // The body's results must keep the states' shapes and give the per-step outputs' shapes.
        let results = inner.program.outputSlots.map { inner.shapes[$0] }
        for i in 0..<s where results[i] != shapes[i] { return "return 1;" }
        for j in 0..<body.outputs.count where [steps] + results[s + j] != k.outputs[s + j].shape { return "return 1;" }
        for i in 0..<s where k.outputs[i].shape != (finalOnly[i] ? shapes[i] : [steps] + shapes[i]) { return "return 1;" }
        return inner.loop(self, k)
    }
}
