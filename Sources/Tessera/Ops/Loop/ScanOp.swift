import Foundation

/// The inner graph of a loop: placeholders for one step's inputs and the graphs of its results.
/// Compared by identity; its compiled forms (a VM function, C code per shape) are built once.
public final class ScanBody: Hashable, @unchecked Sendable {
    /// Placeholders for the carried states' previous values (`s_{t−1}`).
    public let states: [Variable]
    /// Placeholders for one element of each sequence (`x_t`).
    public let sequences: [Variable]
    /// Placeholders for the loop-invariant inputs (the same at every step).
    public let outer: [Variable]
    /// The states' next values, one per state and of its type.
    public let nextStates: [Variable]
    /// The per-step outputs (not fed back).
    public let outputs: [Variable]
    /// Whether the body draws random variables (each step draws anew).
    public let isRandom: Bool

    private var vm: Function?
    private var native: [[[Int]]: ScanInnerProgram?] = [:]
    private let lock = NSLock()

    /// A body from explicit placeholders and result graphs (for code that builds loops from other loops:
    /// gradients, densities). Every leaf of the results must be a placeholder, a constant or a random
    /// generator; each next state must have its state's type. ``scan(steps:sequences:initial:reverse:_:)``
    /// builds bodies from closures.
    public init(states: [Variable], sequences: [Variable], outer: [Variable], nextStates: [Variable], outputs: [Variable]) {
        self.states = states
        self.sequences = sequences
        self.outer = outer
        self.nextStates = nextStates
        self.outputs = outputs
        let inputs = Set(states + sequences + outer)
        isRandom = Graph.topologicalOrder(outputs: nextStates + outputs, stop: inputs).contains { $0.op is RandomVariable }
    }

    /// The inner inputs in call order: states, sequence elements, outer inputs.
    public var inputs: [Variable] { states + sequences + outer }
    /// The inner results in order: next states, then per-step outputs.
    public var results: [Variable] { nextStates + outputs }

    public static func == (a: ScanBody, b: ScanBody) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

    /// The body compiled for the VM with RNG updates, so each step draws afresh.
    func function() throws -> Function {
        lock.lock(); defer { lock.unlock() }
        if let vm { return vm }
        let f = try compileWithRNGUpdates(inputs, results, seed: nil, mode: .vm)
        vm = f
        return f
    }

    /// The body rewritten and laid out for inputs of these concrete shapes, or `nil` when some slot's
    /// shape is not known statically, it reads a shared variable, or it draws random numbers.
    func innerProgram(shapes: [[Int]]) -> ScanInnerProgram? {
        lock.lock(); defer { lock.unlock() }
        if let p = native[shapes] { return p }
        let p = ScanInnerProgram(body: self, shapes: shapes)
        native[shapes] = p
        return p
    }
}

/// The loop op behind ``scan(steps:sequences:initial:reverse:_:)``.
///
/// Inputs: the states' initial values, the sequences (`steps` elements along axis 0), the outer inputs.
/// Outputs: each state at every step, stacked along a new axis 0 (or only its final value where
/// `finalOnly` says so), then each per-step output stacked. With `reverse`, step `k` reads and writes
/// index `steps − 1 − k`: the stacks stay aligned with the sequences.
public struct Scan: Op, NonFoldable {
    public let steps: Int
    public let body: ScanBody
    /// Whether the loop runs from the last index to the first.
    public let reverse: Bool
    /// Per state: whether the output is only its final value (shape of the state), not every step's.
    public let finalOnly: [Bool]

    /// A loop of `steps` steps over `body`; `finalOnly` defaults to keeping every step of every state.
    public init(steps: Int, body: ScanBody, reverse: Bool = false, finalOnly: [Bool]? = nil) {
        self.steps = steps
        self.body = body
        self.reverse = reverse
        self.finalOnly = finalOnly ?? body.states.map { _ in false }
    }

    public var name: String { "Scan{steps=\(steps)\(reverse ? ", reverse" : "")}" }

    var stateCount: Int { body.states.count }
    var sequenceCount: Int { body.sequences.count }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let (s, q, o) = (body.states.count, body.sequences.count, body.outer.count)
        guard body.nextStates.count == s, finalOnly.count == s else {
            throw TesseraError.invalidArgument(
                "scan: the body has \(s) state(s) but \(body.nextStates.count) next value(s) and \(finalOnly.count) finalOnly flag(s); give one of each per state")
        }
        for (i, (next, p)) in zip(body.nextStates, body.states).enumerated() where next.dtype != p.dtype || next.ndim != p.ndim {
            throw TesseraError.dtypeMismatch("scan: state \(i) is \(p.type), but the body's next value is \(next.type); they need the same dtype and rank")
        }
        guard Set(body.inputs).count == body.inputs.count else {
            throw TesseraError.invalidArgument("scan: the body lists a placeholder twice among its states, sequences and outer inputs")
        }
        guard inputs.count == s + q + o else {
            throw TesseraError.invalidArgument(
                "scan: expects \(s) initial value(s), \(q) sequence(s) and \(o) outer input(s), got \(inputs.count) inputs")
        }
        for (i, (x, p)) in zip(inputs.prefix(s), body.states).enumerated() {
            guard x.ndim == p.ndim, zip(x.staticShape, p.staticShape).allSatisfy({ $0 == nil || $1 == nil || $0 == $1 }) else {
                throw TesseraError.shapeMismatch(
                    "scan: the initial value of state \(i) has shape \(Shape.format(x.staticShape)), but the state has shape \(Shape.format(p.staticShape))")
            }
        }
        for (j, (x, p)) in zip(inputs[s..<(s + q)], body.sequences).enumerated() {
            guard x.ndim == p.ndim + 1 else {
                throw TesseraError.shapeMismatch(
                    "scan: sequence \(j) has \(x.ndim) dimension(s), but its elements have \(p.ndim); a sequence is iterated along axis 0")
            }
            if let n = x.staticShape[0], n != steps {
                throw TesseraError.shapeMismatch(
                    "scan: sequence \(j) has \(n) elements along axis 0, but the loop runs \(steps) steps")
            }
        }
        for (k, (x, p)) in zip(inputs.suffix(o), body.outer).enumerated() where x.ndim != p.ndim {
            throw TesseraError.shapeMismatch(
                "scan: outer input \(k) '\(x)' has \(x.ndim) dimension(s), but the body was built for \(p.ndim)")
        }
        let states = zip(body.states, finalOnly).map { p, last in
            TensorType(dtype: p.dtype, shape: last ? p.staticShape : [steps] + p.staticShape)
        }
        return states + body.outputs.map { TensorType(dtype: $0.dtype, shape: [steps] + $0.staticShape) }
    }

    /// Checks run-time shapes: initial values against the states, sequence lengths against `steps`.
    func checkShapes(_ inputs: [NDArray]) throws {
        let (s, q) = (stateCount, sequenceCount)
        for (i, p) in body.states.enumerated() where !p.type.accepts(shape: inputs[i].shape) {
            throw TesseraError.shapeMismatch(
                "scan: the initial value of state \(i) has shape \(inputs[i].shape), but the state has shape \(Shape.format(p.staticShape))")
        }
        for j in 0..<q {
            let x = inputs[s + j]
            guard x.ndim >= 1, x.shape[0] == steps else {
                throw TesseraError.shapeMismatch(
                    "scan: sequence \(j) has shape \(x.shape), but the loop runs \(steps) steps: it needs \(steps) elements along axis 0")
            }
        }
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        try checkShapes(inputs)
        let f = try body.function()
        let (s, q) = (stateCount, sequenceCount)
        var states = (0..<s).map { inputs[$0].astype(body.states[$0].dtype) }
        let sequences = Array(inputs[s..<(s + q)])
        let outer = Array(inputs[(s + q)...])
        let m = body.outputs.count
        var stateStacks = (0..<s).map { finalOnly[$0] ? [] : [Double](repeating: 0, count: steps * states[$0].count) }
        var outputStacks = [[Double]](repeating: [], count: m)
        var outputShapes = [[Int]](repeating: [], count: m)
        for k in 0..<steps {
            let t = reverse ? steps - 1 - k : k
            let elements = sequences.map { x in
                let n = x.count / steps
                return NDArray(uncheckedShape: Array(x.shape.dropFirst()), dtype: x.dtype,
                               storage: Array(x.storage[(t * n)..<((t + 1) * n)]))
            }
            let r = try f.call(states + elements + outer)
            for i in 0..<s {
                guard r[i].shape == states[i].shape else {
                    throw TesseraError.shapeMismatch(
                        "scan: at step \(t) the body returned state \(i) with shape \(r[i].shape), but the state has shape \(states[i].shape) (from its initial value)")
                }
                let n = states[i].count
                if !finalOnly[i] { stateStacks[i].replaceSubrange((t * n)..<((t + 1) * n), with: r[i].storage) }
                states[i] = r[i].astype(body.states[i].dtype)
            }
            for j in 0..<m {
                let y = r[s + j]
                if k == 0 {
                    outputShapes[j] = y.shape
                    outputStacks[j] = [Double](repeating: 0, count: steps * y.count)
                } else if y.shape != outputShapes[j] {
                    throw TesseraError.shapeMismatch(
                        "scan: per-step output \(j) has shape \(y.shape) at step \(t) but \(outputShapes[j]) at the first step; it needs one shape")
                }
                let n = y.count
                outputStacks[j].replaceSubrange((t * n)..<((t + 1) * n), with: y.storage)
            }
        }
        for i in 0..<s {
            let dtype = body.states[i].dtype
            outputs[i] = finalOnly[i] ? states[i]
                : NDArray(uncheckedShape: [steps] + states[i].shape, dtype: dtype, storage: stateStacks[i])
        }
        for j in 0..<m {
            outputs[s + j] = NDArray(uncheckedShape: [steps] + outputShapes[j], dtype: body.outputs[j].dtype,
                                     storage: outputStacks[j])
        }
    }
}
