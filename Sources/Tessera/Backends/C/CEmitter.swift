/// Turns a VM program with concrete slot shapes into one C translation unit.
///
/// Runs of steps whose ops have C code become one C function each (a *segment*);
/// steps without C code run through the VM between segments (mixed execution).
/// Every segment takes the table of slot buffers: `int seg(double *const *b)`, and passes
/// them on as restrict parameters.
struct CEmitter {
    enum Part {
        case segment(symbol: String, steps: [Int])
        case vm(step: Int)
    }

    let source: String
    let parts: [Part]
    /// The scalar ops the code calls back into Swift, by number.
    let callbackOps: [any ScalarOp]

    /// Emits the code for `program` given every slot's concrete shape.
    init(program: VMProgram, shapes: [[Int]], dtypes: [DType]) {
        var src = CPrelude.source
        var parts: [Part] = []
        var current: [Int] = []
        var body = ""
        var used = Set<Int>()
        var ranges = ConstantRanges()
        let callbacks = CCallbackTable()

        func flush() {
            guard !current.isEmpty else { return }
            let symbol = "tess_seg\(parts.count)"
            // Buffers are parameters marked restrict (distinct slots never overlap), so loops vectorise.
            let slots = used.sorted()
            var fn = "static int \(symbol)_body(" + slots.map { "double *restrict s\($0)" }.joined(separator: ", ") + ") {\n"
            fn += body + "  return 0;\n}\n"
            fn += "int \(symbol)(double *const *b) { return \(symbol)_body(" + slots.map { "b[\($0)]" }.joined(separator: ", ") + "); }\n\n"
            src += fn
            parts.append(.segment(symbol: symbol, steps: current))
            current = []
            body = ""
            used = []
        }

        for (i, step) in program.steps.enumerated() {
            let buffer = { (s: Int) in
                CBuffer(name: "s\(s)", shape: shapes[s], dtype: dtypes[s], constantRange: ranges.range(of: s, in: program))
            }
            let kernel = CKernel(inputs: step.inputSlots.map(buffer), outputs: step.outputSlots.map(buffer),
                                 prefix: "n\(i)_", callbacks: callbacks)
            if let code = step.op.cCode(kernel) {
                current.append(i)
                used.formUnion(step.inputSlots)
                used.formUnion(step.outputSlots)
                body += "  /* \(step.op.name.replacingOccurrences(of: "*/", with: "* /")) */\n  { \(code) }\n"
            } else {
                flush()
                parts.append(.vm(step: i))
            }
        }
        flush()
        self.source = callbacks.sourceComment + src
        self.parts = parts
        self.callbackOps = callbacks.ops
    }

    /// A C literal for a double, exact (hex float) for finite values.
    static func literal(_ v: Double) -> String {
        if v.isNaN { return "NAN" }
        if v.isInfinite { return v < 0 ? "(-INFINITY)" : "INFINITY" }
        if v == v.rounded(), abs(v) < 1e15 { return "\(Int64(v)).0" }
        return "(\(v))"
    }
}

/// The value ranges of a program's integer constant slots (index tensors), each computed once.
struct ConstantRanges {
    private var known: [Int: ClosedRange<Double>?] = [:]

    mutating func range(of slot: Int, in program: VMProgram) -> ClosedRange<Double>? {
        if let r = known[slot] { return r }
        var r: ClosedRange<Double>?
        // Only integer constants can be indices: large float data is not scanned.
        if let c = program.constantSlots[slot], c.dtype == .int64, !c.storage.isEmpty {
            r = c.storage.min()!...c.storage.max()!
        }
        known[slot] = r
        return r
    }
}
