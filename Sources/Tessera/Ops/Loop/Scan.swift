import Foundation

/// What one step of a ``scan(steps:sequences:initial:reverse:_:)`` body returns: the next value of
/// every carried state, in order, and optional per-step outputs that are stacked but not fed back.
public struct ScanStep {
    /// The states' next values `s_t`, one per initial value, each of its state's shape.
    public var states: [Variable]
    /// Values computed at each step and stacked (`y_t`), not carried to the next step.
    public var outputs: [Variable]

    /// The next states (in the order of the initial values) and the step's outputs.
    public init(states: [Variable], outputs: [Variable] = []) {
        self.states = states
        self.outputs = outputs
    }
}

/// The result of a loop: every state at every step, and every per-step output, each stacked along a
/// new axis 0 of length `steps` (`states[i][t]` is state `i` after step `t`).
public struct ScanResult {
    /// One stack per carried state, shape `[steps] + state shape`.
    public let states: [Variable]
    /// One stack per per-step output, shape `[steps] + output shape`.
    public let outputs: [Variable]
}

/// A loop with carried states, sequences and per-step outputs — PyTensor's `scan`.
///
/// At step `t` the body sees element `t` of each sequence (along axis 0) and the states' previous
/// values, and returns the states' next values and the step's outputs:
/// ```
/// s_t = f(x_t, s_{t−1}),   y_t = g(x_t, s_{t−1}),   s_{−1} = initial,   t = 0 … steps−1
/// ```
/// Variables the body uses that were made outside it (parameters, data, random variables) are the
/// loop's outer inputs, the same at every step; everything the body builds runs at every step, so a
/// random variable drawn inside it is drawn anew each step. TesseraLogProb derives the density of
/// loops whose body draws random variables, and ``grad(_:wrt:disconnected:)->Variable`` differentiates through
/// them (a backward loop over the steps). Small elementwise bodies compile to one C loop.
///
/// ```swift
/// // GARCH(1,1) variance recursion over observed returns y (shape [T]):
/// let r = scan(steps: T, sequences: [y], initial: [sigma2_0]) { x, s in
///     ScanStep(states: [alpha0 + alpha1 * square(x[0] - mu) + beta1 * s[0]])
/// }
/// let sigma2 = r.states[0]   // shape [T]
/// ```
/// - Parameters:
///   - steps: the number of steps (≥ 1).
///   - sequences: tensors iterated along axis 0; each needs at least `steps` elements (the first `steps` are used).
///   - initial: the states' values before step 0; a state keeps its initial value's shape, and its
///     dtype (float64 for a Swift integer literal). The body may return a narrower dtype (converted).
///   - reverse: run from index `steps − 1` down to 0 (results stay aligned with the sequences).
///   - body: `(sequence elements, previous states) -> ScanStep`.
/// - Returns: the stacked states and outputs. Invalid input (a short sequence, a body returning the
///   wrong number of states or a state of another shape) gives variables carrying the error.
public func scan(steps: Int, sequences: [Variable] = [], initial: [Variable], reverse: Bool = false,
                 _ body: (_ elements: [Variable], _ states: [Variable]) -> ScanStep) -> ScanResult {
    var error: TesseraError? = steps >= 1 ? nil : .invalidArgument("scan: steps must be ≥ 1, got \(steps)")
    func fail(_ e: TesseraError) { if error == nil { error = e } }

    // Placeholders for one step's inputs.
    var statePlaceholders: [Variable] = []
    for (i, x) in initial.enumerated() {
        if let e = x.buildError { fail(e) }
        let dtype = x.isWeakScalar ? x.dtype.promotedToFloat : x.dtype
        statePlaceholders.append(tensor("scan_state\(i)", dtype: dtype, shape: x.staticShape))
    }
    var elementPlaceholders: [Variable] = []
    var slicedSequences: [Variable] = []
    for (j, x) in sequences.enumerated() {
        if let e = x.buildError { fail(e) }
        guard x.ndim >= 1 else {
            fail(.shapeMismatch("scan: sequence \(j) '\(x)' has 0 dimensions; a sequence is iterated along axis 0, so it needs at least 1"))
            elementPlaceholders.append(tensor("scan_seq\(j)", dtype: x.dtype, shape: []))
            slicedSequences.append(x)
            continue
        }
        if let n = x.staticShape[0], n < steps {
            fail(.shapeMismatch("scan: sequence \(j) '\(x)' has \(n) elements along axis 0, but the loop runs \(steps) steps"))
        }
        elementPlaceholders.append(tensor("scan_seq\(j)", dtype: x.dtype, shape: Array(x.staticShape.dropFirst())))
        slicedSequences.append(x.staticShape[0] == steps || steps < 1 ? x : x[..<steps])
    }

    let mark = Apply.nextSerial
    let step = body(elementPlaceholders, statePlaceholders)
    func failed() -> ScanResult {
        let e = error!
        return ScanResult(states: initial.map { _ in .invalid(e) }, outputs: step.outputs.map { _ in .invalid(e) })
    }
    guard step.states.count == initial.count else {
        fail(.invalidArgument(
            "scan: the body returned \(step.states.count) state(s), but \(initial.count) initial value(s) were given; return one next value per state"))
        return failed()
    }
    if let e = (step.states + step.outputs).lazy.compactMap(\.buildError).first { fail(e) }
    if error != nil { return failed() }

    // Next states: the states' types.
    var nextStates: [Variable] = []
    for (i, (next, p)) in zip(step.states, statePlaceholders).enumerated() {
        guard next.ndim == p.ndim, zip(next.staticShape, p.staticShape).allSatisfy({ $0 == nil || $1 == nil || $0 == $1 }) else {
            fail(.shapeMismatch(
                "scan: state \(i) has shape \(Shape.format(p.staticShape)) (from its initial value), but the body returns shape \(Shape.format(next.staticShape)); a state keeps its shape from step to step"))
            return failed()
        }
        guard next.dtype == p.dtype || DType.promote([p.dtype, next.dtype]) == p.dtype else {
            fail(.dtypeMismatch(
                "scan: state \(i) is \(p.dtype) (from its initial value), but the body returns \(next.dtype); give the initial value as \(next.dtype) (a float literal such as 0.0 for float64), or cast the body's result"))
            return failed()
        }
        nextStates.append(cast(next, to: p.dtype))
    }

    // The outer inputs: what the body uses but did not build (see `Apply.serial`).
    let results = nextStates + step.outputs
    let placeholders = Set(statePlaceholders + elementPlaceholders)
    var outer: [Variable] = []
    var seenOuter = Set<Variable>()
    var visited = Set<ObjectIdentifier>()
    var stack = results
    while let v = stack.popLast() {
        if placeholders.contains(v) || v.isConstant || (v.isShared && v.type.isRandomState) { continue }
        if let node = v.owner, node.serial >= mark {
            if visited.insert(ObjectIdentifier(node)).inserted { stack.append(contentsOf: node.inputs) }
        } else if seenOuter.insert(v).inserted {
            outer.append(v)
        }
    }
    outer.reverse()  // first-used first
    let outerPlaceholders = outer.enumerated().map { k, v in tensor("scan_outer\(k)", dtype: v.dtype, shape: v.staticShape) }
    let inner = Replace.rebuild(results, Dictionary(uniqueKeysWithValues: zip(outer, outerPlaceholders)), strict: false)
    if let e = Graph.firstBuildError(inner) { fail(e); return failed() }
    let scanBody = ScanBody(states: statePlaceholders, sequences: elementPlaceholders, outer: outerPlaceholders,
                            nextStates: Array(inner.prefix(initial.count)), outputs: Array(inner.dropFirst(initial.count)))
    let initialValues = zip(initial, statePlaceholders).map { cast($0, to: $1.dtype) }
    let outs = applyOp(Scan(steps: steps, body: scanBody, reverse: reverse), initialValues + slicedSequences + outer)
    if let e = outs.first?.buildError { fail(e); return failed() }
    return ScanResult(states: Array(outs.prefix(initial.count)), outputs: Array(outs.dropFirst(initial.count)))
}

/// A loop with one carried state: `x_t = body(x_{t−1})`, `x_{−1} = initial`; the result stacks
/// `x_0 … x_{steps−1}` along a new axis 0. The body may draw random variables (each step draws anew);
/// TesseraLogProb derives the density of the whole sequence from the body's.
///
/// ```swift
/// let rho = 0.7
/// let ar1 = scan(steps: 100, initial: 0.0) { prev in Random.normal(rho * prev, 1.0) }
/// ```
/// See ``scan(steps:sequences:initial:reverse:_:)`` for several states, sequences and outputs.
public func scan(steps: Int, initial: Variable, _ body: (Variable) -> Variable) -> Variable {
    scan(steps: steps, initial: [initial]) { _, states in ScanStep(states: [body(states[0])]) }.states[0]
}
