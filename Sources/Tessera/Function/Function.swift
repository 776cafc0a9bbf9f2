import Foundation

/// Which backend runs a compiled function.
public enum Mode: String, Sendable, CaseIterable {
    /// Pure Swift kernels over whole arrays; always available; the reference.
    case vm
    /// Generated C compiled by the toolchain's clang (or `$CC`) and loaded as native code;
    /// falls back to `.vm` with a one-line warning where no compiler works.
    case c
}

/// Global compilation settings.
public enum Config {
    nonisolated(unsafe) private static var _defaultMode: Mode = CCompiler.shared.path == nil ? .vm : .c
    private static let lock = NSLock()

    /// The mode `function` uses when none is given: `.c` where a C compiler is found, else `.vm`.
    public static var defaultMode: Mode {
        get { lock.lock(); defer { lock.unlock() }; return _defaultMode }
        set { lock.lock(); defer { lock.unlock() }; _defaultMode = newValue }
    }
}

/// A compiled graph: call it with values for its inputs to get its outputs.
///
/// Calls are serialised by a lock; the buffers of one call are reused by the next.
public final class Function: @unchecked Sendable {
    /// The symbolic inputs, in call order.
    public let inputs: [Variable]
    /// The symbolic outputs, as requested.
    public let outputs: [Variable]
    /// Shared variables updated after each call, with their new-value expressions.
    public let updates: [(shared: Variable, value: Variable)]
    /// The backend running the function.
    public let mode: Mode
    /// The graph that runs: the outputs (then the update values) after rewriting.
    public let compiledOutputs: [Variable]
    /// The names of the rewrites that fired while compiling, in order (for debugging).
    public let firedRewrites: [String]

    private let program: VMProgram
    private let lock = NSLock()
    private let compiler: CCompiler
    /// Whether native code is built on the first call (an explicit `.c`) or on the second
    /// call with the same shapes (the default mode: one-off evaluations never pay a compile).
    private let compileEagerly: Bool
    private var native: [[[Int]]: CProgram] = [:]
    private var lastNative: CProgram?
    private var seenShapes = Set<[[Int]]>()
    private var fallbackReason: String?

    init(inputs: [Variable], outputs: [Variable], updates: [(shared: Variable, value: Variable)], mode: Mode,
         rewrites: Rewrites, compileEagerly: Bool, compiler: CCompiler = .shared) throws {
        self.compiler = compiler
        self.compileEagerly = compileEagerly
        self.inputs = inputs
        self.outputs = outputs
        self.updates = updates
        self.mode = mode
        let (rewritten, fired) = rewrites.apply(to: outputs + updates.map(\.value), stop: Set(inputs))
        if let e = Graph.firstBuildError(rewritten) { throw e }
        self.compiledOutputs = rewritten
        self.firedRewrites = fired
        self.program = try VMProgram(inputs: inputs, outputs: rewritten)
        if mode == .c {
            if let op = program.steps.first(where: { $0.op.hasValueDependentShape })?.op {
                fallbackReason = "\(op.name) has value-dependent output shapes"
            } else if compiler.path == nil {
                fallbackReason = "no C compiler found"
                Warnings.once("no C compiler found (set CC, or install clang); using the vm backend")
            }
        }
    }

    /// The backend that runs calls: `.c` unless it fell back to the VM.
    public var effectiveMode: Mode { mode == .c && fallbackReason == nil ? .c : .vm }

    /// Runs one call on the backend, building native code for new shapes as the mode says.
    private func run(_ converted: [NDArray]) throws -> [NDArray] {
        guard mode == .c, fallbackReason == nil else { return try program.run(converted) }
        let shared = program.sharedSlots.isEmpty ? [] : program.sharedSlots.map { $0.0.value }
        if let last = lastNative, last.matches(converted, shared) {
            if let results = try last.call(inputs: converted, shared: shared) { return results }
            return try program.run(converted)  // the VM reports the error with its message
        }
        let signature = converted.map(\.shape) + shared.map(\.shape)
        if let native = native[signature] {
            lastNative = native
            if let results = try native.call(inputs: converted, shared: shared) { return results }
            return try program.run(converted)  // the VM reports the error with its message
        }
        let results = try program.run(converted)
        if compileEagerly || seenShapes.contains(signature) {
            do {
                let built = try CProgram(program: program, shapes: program.slotShapes,
                                         dtypes: program.slotDTypes, constants: program.constantSlots,
                                         compiler: compiler)
                native[signature] = built
                lastNative = built
            } catch {
                fallbackReason = "\(error)"
                Warnings.once("\(error); using the vm backend")
            }
        } else {
            seenShapes.insert(signature)
        }
        return results
    }

    /// Builds the native code for the given input values' shapes now (a call that returns nothing).
    public func compileNow(_ values: [NDArray]) throws {
        guard mode == .c, fallbackReason == nil else { return }
        lock.lock(); defer { lock.unlock() }
        let converted = try zip(inputs, values).map { try Variable.convert($1, toFit: $0, role: "compileNow") }
        let shared = program.sharedSlots.map { $0.0.value }
        let signature = converted.map(\.shape) + shared.map(\.shape)
        if native[signature] != nil { return }
        seenShapes.insert(signature)
        _ = try run(converted)
    }

    /// The sampler's hot path: a function of one flat float64 vector whose first output is a scalar and
    /// second a vector. Writes them into `out0` and `out1`; allocates nothing once native code for this
    /// length exists (built on the first calls). Returns `false` when evaluation failed.
    public func callFlat(_ x: UnsafeBufferPointer<Double>, _ out0: UnsafeMutablePointer<Double>,
                         _ out1: UnsafeMutablePointer<Double>?) -> Bool {
        lock.lock()
        if let native = lastNative, native.shapes[program.inputSlots[0]] == [x.count] {
            defer { lock.unlock() }
            return native.runFlat(x, out0, out1)
        }
        lock.unlock()
        // Slow path (first calls, or the VM): the ordinary call, copied out.
        guard let results = try? call([NDArray(uncheckedShape: [x.count], dtype: .float64, storage: Array(x))]) else {
            return false
        }
        out0.update(from: results[0].storage, count: results[0].count)
        if let out1, results.count > 1 { out1.update(from: results[1].storage, count: results[1].count) }
        return true
    }

    /// The generated C source for the shapes seen so far (for debugging), if any.
    public var cSource: String? { native.values.first?.source }

    /// Whether some ops run through the VM inside the native code (mixed execution).
    public var isMixed: Bool { native.values.contains { $0.isMixed } }

    /// Calls the function with one value per input, in order.
    ///
    /// - Throws: when a value has the wrong rank, shape or dtype for its input, or a kernel fails.
    public func call(_ values: [NDArray]) throws -> [NDArray] {
        guard values.count == inputs.count else {
            throw TesseraError.missingInput(
                "function call: expected \(inputs.count) input value(s) (\(inputs.map(\.description).joined(separator: ", "))), but \(values.count) were given")
        }
        var converted: [NDArray] = []
        converted.reserveCapacity(values.count)
        for (v, x) in zip(inputs, values) { converted.append(try Variable.convert(x, toFit: v, role: "function call")) }
        lock.lock(); defer { lock.unlock() }
        let results = try run(converted)
        if updates.isEmpty { return results }
        let n = outputs.count
        for (k, u) in updates.enumerated() {
            try u.shared.setValue(results[n + k])
        }
        return Array(results.prefix(n))
    }

    /// Calls the function with Swift values (numbers, nested arrays, `NDArray`s), one per input.
    public func callAsFunction(_ values: any NDArrayConvertible...) throws -> [NDArray] {
        try call(values.map { try $0.toNDArray() })
    }

    /// The graph this function runs — after rewriting — printed as ``dprint(_:printTypes:)`` does,
    /// with the backend named.
    public func dprint(printTypes: Bool = false) -> String {
        let backend: String
        if let fallbackReason, mode == .c {
            backend = "vm (fallback from c: \(fallbackReason))"
        } else {
            backend = mode.rawValue + (isMixed ? " (mixed: some ops run on the vm)" : "")
        }
        return Tessera.dprint(compiledOutputs, printTypes: printTypes) + "backend: \(backend)\n"
    }
}

/// Compiles a function from `inputs` to `outputs`.
///
/// Inputs may be any variables of the graph, intermediate ones included: the part of the
/// graph above them is cut away. `updates` gives shared variables new values after each call.
/// The graph is rewritten first (see ``Rewrites``): merged, folded, stabilized, specialized, fused.
///
/// ```swift
/// let x = scalar("x"), y = vector("y")
/// let f = try function([x, y], [log(x + y)])
/// try f(0.0, [1.0, M_E])   // [[0., 1.]]
/// ```
/// - Throws: when the graph carries a build error, needs an input not listed, lists an input twice,
///   or lists a constant or shared variable as an input.
public func function(_ inputs: [Variable], _ outputs: [Variable], updates: [Variable: Variable] = [:],
                     mode: Mode? = nil, rewrites: Rewrites = .default) throws -> Function {
    if let e = Graph.firstBuildError(outputs + Array(updates.values) + inputs) { throw e }
    var seen = Set<Variable>()
    for v in inputs {
        guard seen.insert(v).inserted else {
            throw TesseraError.invalidArgument("function: input '\(v)' is listed twice; list each input once")
        }
        if v.isConstant || v.isShared {
            throw TesseraError.invalidArgument(
                "function: '\(v)' is a \(v.isConstant ? "constant" : "shared variable") and cannot be an input; its value is part of the graph")
        }
    }
    var ups: [(shared: Variable, value: Variable)] = []
    for (s, v) in updates.sorted(by: { ($0.key.name ?? "") < ($1.key.name ?? "") }) {
        guard s.isShared else {
            throw TesseraError.invalidArgument("function: updates must target shared variables, but '\(s)' is not one")
        }
        guard s.ndim == v.ndim else {
            throw TesseraError.shapeMismatch(
                "function: the update of '\(s)' has \(v.ndim) dimension(s), but the shared variable has \(s.ndim)")
        }
        ups.append((s, v))
    }
    return try Function(inputs: inputs, outputs: outputs, updates: ups, mode: mode ?? Config.defaultMode,
                        rewrites: rewrites, compileEagerly: mode == .c)
}

extension Variable {
    /// Evaluates this variable, giving values to the inputs it depends on.
    ///
    /// ```swift
    /// try log(x + y).eval([x: 0.0, y: [1.0, 2.0]])
    /// ```
    public func eval(_ givens: [Variable: any NDArrayConvertible] = [:]) throws -> NDArray {
        let keys = Array(givens.keys)
        let f = try function(keys, [self])
        return try f.call(keys.map { try givens[$0]!.toNDArray() })[0]
    }
}

/// Compiles with a given C compiler (tests and tools that need their own compiler or cache).
public func function(_ inputs: [Variable], _ outputs: [Variable], mode: Mode, compiler: CCompiler,
              rewrites: Rewrites = .default) throws -> Function {
    if let e = Graph.firstBuildError(outputs + inputs) { throw e }
    return try Function(inputs: inputs, outputs: outputs, updates: [], mode: mode, rewrites: rewrites,
                        compileEagerly: true, compiler: compiler)
}
