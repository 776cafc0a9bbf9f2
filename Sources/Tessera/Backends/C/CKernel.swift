/// A buffer as the C emitter sees it: a C expression for its `double *`, and its concrete shape.
public struct CBuffer: Sendable {
    /// The C name of the buffer's pointer (`s3`).
    public let name: String
    public let shape: [Int]
    public let dtype: DType
    /// For an integer constant buffer, the least and greatest of its values: kernels reading indices
    /// from it can leave out their range checks.
    public var constantRange: ClosedRange<Double>? = nil
    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// Row-major strides.
    public var strides: [Int] { Shape.strides(shape) }
}

/// What an op's ``Op/cCode(_:)`` gets: its input and output buffers with concrete shapes,
/// and a prefix for unique local names.
public struct CKernel: Sendable {
    public let inputs: [CBuffer]
    public let outputs: [CBuffer]
    /// A prefix unique to this node (`n12_`), for local variables.
    public let prefix: String
    /// The program's table of scalar ops called back into Swift (see ``scalarExpression(_:_:)``).
    let callbacks: CCallbackTable?

    init(inputs: [CBuffer], outputs: [CBuffer], prefix: String, callbacks: CCallbackTable? = nil) {
        self.inputs = inputs
        self.outputs = outputs
        self.prefix = prefix
        self.callbacks = callbacks
    }
}

/// How values are rounded to a dtype in C (the same rule as ``DType/round(_:)``).
public enum CDType {
    public static func round(_ expr: String, _ dtype: DType) -> String {
        switch dtype {
        case .float64: expr
        case .float32: "((double)(float)(\(expr)))"
        case .int64: "tess_trunc(\(expr))"
        case .bool: "((\(expr)) != 0.0 ? 1.0 : 0.0)"
        }
    }
}

/// Loop builders shared by the kernels.
public enum CLoops {
    /// Loops over `out`'s elements with broadcast inputs; `body(inputElements, outIndex)`
    /// gives the statement for one element.
    public static func elementwise(out: CBuffer, inputs: [CBuffer], prefix p: String,
                                   body: ([String], String) -> String) -> String {
        let n = out.count
        // Flat loop when every input is full-size (same shape) or a single value.
        if inputs.allSatisfy({ $0.shape == out.shape || $0.count == 1 }) {
            let elems = inputs.map { $0.count == 1 && n != 1 ? "\($0.name)[0]" : "\($0.name)[\(p)i]" }
            let loop = "for (long \(p)i = 0; \(p)i < \(n)L; \(p)i++) { \(body(elems, "\(p)i")) }"
            guard n >= vectorLoopMinimum else { return loop }
            // A long loop: the prelude's inline, vectorisable exp and log, and four vectors in flight
            // per iteration, since one at a time leaves the core waiting on the latency of long fused
            // chains (10-op benchmark, 10⁶ elements on Zen 4: 2.4 ms with libmvec → 1.4 ms).
            return "{ const int tess_vector_loop = 1; _Pragma(\"clang loop interleave_count(4)\") \(loop) }"
        }
        // Nested loops with per-input strides (0 on broadcast axes).
        let nd = out.shape.count
        let plan = BroadcastPlan(output: out.shape, inputs: inputs.map(\.shape))
        var code = ""
        for a in 0..<nd { code += "for (long \(p)i\(a) = 0; \(p)i\(a) < \(out.shape[a])L; \(p)i\(a)++) " }
        let outIndex = Self.index(p, Shape.strides(out.shape))
        let elems = inputs.enumerated().map { k, b in "\(b.name)[\(Self.index(p, plan.strides[k]))]" }
        code += "{ \(body(elems, outIndex)) }"
        return code
    }

    /// The length from which a flat loop uses the vectorisable exp and log and is interleaved
    /// (shorter ones mostly run the scalar remainder of a vectorised loop).
    static let vectorLoopMinimum = 64

    /// `i0*s0 + i1*s1 + …` (zero strides omitted), or `0`.
    static func index(_ p: String, _ strides: [Int]) -> String {
        let terms = strides.enumerated().compactMap { a, s in s == 0 ? nil : (s == 1 ? "\(p)i\(a)" : "\(p)i\(a)*\(s)L") }
        return terms.isEmpty ? "0" : terms.joined(separator: " + ")
    }

    /// Sums `input` into `out`, whose shape is `keptShape` (input's shape with reduced axes set to 1)
    /// with those axes possibly removed.
    public static func sum(input: CBuffer, out: CBuffer, keptShape: [Int], prefix p: String) -> String {
        if out.count == 1 { return fullSum(of: { "\(input.name)[\($0)]" }, count: input.count, into: "\(out.name)[0]", prefix: p) }
        let plan = BroadcastPlan(output: input.shape, inputs: [keptShape])
        var code = "for (long \(p)i = 0; \(p)i < \(out.count)L; \(p)i++) \(out.name)[\(p)i] = 0.0;\n"
        for a in 0..<input.shape.count { code += "for (long \(p)i\(a) = 0; \(p)i\(a) < \(input.shape[a])L; \(p)i\(a)++) " }
        code += "\(out.name)[\(index(p, plan.strides[0]))] += \(input.name)[\(index(p, input.strides))];"
        return code
    }

    /// `into = Σ element(i)` over `count` elements. Long sums may be reassociated (within this loop
    /// only): one running sum waits on the latency of each addition, while clang's vectorised, interleaved
    /// partial sums pipeline — and round less than one running sum (10,000 fused terms: 4.8 µs with
    /// eight hand-kept partial sums, 1.2 µs this way).
    public static func fullSum(of element: (String) -> String, count: Int, into: String, prefix p: String) -> String {
        let loop = "for (long \(p)i = 0; \(p)i < \(count)L; \(p)i++) \(p)s += \(element("\(p)i"));"
        guard count >= 32 else { return "{ double \(p)s = 0.0; \(loop) \(into) = \(p)s; }" }
        return "{ double \(p)s = 0.0; { _Pragma(\"clang fp reassociate(on)\") \(loop) } \(into) = \(p)s; }"
    }
}
